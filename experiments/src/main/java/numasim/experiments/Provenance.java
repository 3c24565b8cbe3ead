package numasim.experiments;

/** What a report says about how it was made, so that a result can be reproduced later. */
public final class Provenance {
    public static final String VERSION = "0.1.0";

    private Provenance() {
    }

    /** The commit the tool was run from. */
    public static String gitCommit() {
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
