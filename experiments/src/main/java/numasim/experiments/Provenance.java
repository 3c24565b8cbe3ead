package numasim.experiments;

/** What a report says about how it was made, so that a result can be reproduced later. */
public final class Provenance {
    public static final String VERSION = "0.1.0";

    private Provenance() {
    }

    private static volatile String commit;

    /** The commit the tool was run from (asked of git once per JVM). */
    public static String gitCommit() {
        String c = commit;
        if (c == null) {
            c = askGit();
            commit = c;
        }
        return c;
    }

    /** What a run record says about how it was made. */
    public static java.util.Map<String, Object> of(numasim.topology.MachineSpec machine, numasim.host.HostSpec host) {
        java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("numasim_version", VERSION);
        p.put("git_commit", gitCommit());
        p.put("machine_spec_sha256", numasim.topology.SpecFingerprint.of(machine));
        if (host != null) {
            p.put("host", host.name());
        }
        return p;
    }

    private static String askGit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && s.matches("[0-9a-f]+") ? s : "unknown (not run from a git checkout)";
        } catch (Exception e) {
            return "unknown (git not available)";
        }
    }

    public static String line() {
        return "numasim " + VERSION + ", git commit " + gitCommit();
    }
}
