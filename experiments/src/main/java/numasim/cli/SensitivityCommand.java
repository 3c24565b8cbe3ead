package numasim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import numasim.experiments.Sensitivity;
import numasim.results.Charts;
import numasim.topology.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim sensitivity}: how far each reproduced number moves as each cost moves across its range. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Move each cost parameter across its documented range, one at a time, plus a Morris elementary-effects screening over all"
                + " of them, and report for each reproduced number its band and the parameters that move it most: table.md, sensitivity.csv and a"
                + " tornado chart per number (PNG + SVG).",
        footer = {"", "Example:", "  numasim sensitivity spf-ebizzy --params zero_page,host_load,vcpu_kick --out runs/sens",
            "  numasim sensitivity --config my-experiment.yaml --metric records_per_s --params line_socket,zero_page --jobs 2",
            "  numasim sensitivity spf-ebizzy --machines x86-kvm-16 --morris 4 --jobs 2"})
final class SensitivityCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "the reproduction whose numbers to study (spf-ebizzy, spf-kernbench)")
    String reproduction;

    @Option(names = "--config", paramLabel = "FILE", description = "an experiment file instead: its workload's --metric on its machine and kernel")
    Path config;

    @Option(names = "--metric", description = "with --config: the result to study (a dotted path for nested results: optimal.system_s)")
    String metric;

    @Option(names = "--params", split = ",", description = "only these parameters (default: every cost with a range)")
    List<String> params = new ArrayList<>();

    @Option(names = "--machines", split = ",", description = "only the cases on these presets")
    List<String> machines = new ArrayList<>();

    @Option(names = "--morris", defaultValue = "4", description = "Morris trajectories (0: one at a time only; default: ${DEFAULT-VALUE})")
    int morris;

    @Option(names = "--jobs", defaultValue = "1", description = "simulations in parallel (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--quick", description = "shorter runs (1 s of ebizzy instead of 2)")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "the one seed every point runs with (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "folder for table.md, sensitivity.csv and the charts (default: runs/sensitivity-<reproduction>)")
    Path out;

    @Override
    public void run() {
        if (jobs < 1 || morris < 0) {
            throw new ConfigException(jobs < 1 ? "--jobs" : "--morris", "must be at least " + (jobs < 1 ? 1 : 0));
        }
        if ((reproduction == null) == (config == null)) {
            throw new ConfigException("sensitivity", "give a REPRODUCTION (" + String.join(", ", Sensitivity.REPRODUCTIONS) + ") or --config FILE, not both");
        }
        if (config != null && metric == null) {
            throw new ConfigException("--metric", "--config needs the result to study, e.g. --metric records_per_s");
        }
        String what = reproduction != null ? reproduction : config.getFileName().toString().replaceAll("\\.ya?ml$", "");
        List<Sensitivity.Case> cases = new ArrayList<>();
        for (Sensitivity.Case c : config != null ? List.of(Sensitivity.fromExperiment(config, metric)) : Sensitivity.cases(reproduction, quick)) {
            if (machines.isEmpty() || machines.contains(c.machineName())) {
                cases.add(c);
            }
        }
        if (cases.isEmpty()) {
            throw new ConfigException("--machines", "no case of " + what + " runs on " + String.join(", ", machines));
        }
        for (String p : params) {
            if (numasim.topology.Cost.byKey(p) == null) {
                throw new ConfigException("--params", "unknown cost parameter '" + p + "'");
            }
        }
        Path dir = out != null ? out : Path.of("runs", "sensitivity-" + what);
        OutputPaths.directory("--out", dir);
        PrintWriter w = spec.commandLine().getOut();
        StringBuilder md = new StringBuilder("# numasim sensitivity " + what + "\n\n");
        List<Sensitivity.Result> results = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve("sensitivity.csv")), CSVFormat.DEFAULT.builder()
                    .setHeader("case", "machine", "parameter", "low", "high", "at_low", "at_high", "band", "morris_mu_star", "morris_sigma").build())) {
                for (Sensitivity.Case c : cases) {
                    long t0 = System.nanoTime();
                    Sensitivity.Result r = Sensitivity.study(c, params, morris, jobs, seed);
                    results.add(r);
                    String table = Sensitivity.markdown(r);
                    md.append(table).append('\n');
                    w.print(table);
                    w.printf(Locale.ROOT, "(%.0f s of wall time)%n%n", (System.nanoTime() - t0) / 1e9);
                    w.flush();
                    java.util.Map<String, Sensitivity.Morris> mo = new java.util.HashMap<>();
                    r.morris().forEach(m -> mo.put(m.param(), m));
                    List<Charts.Swing> swings = new ArrayList<>();
                    for (Sensitivity.Oat o : r.oat()) {
                        Sensitivity.Morris m = mo.get(o.param());
                        csv.printRecord(c.label(), c.machineName(), o.param(), o.range().lo(), o.range().hi(), o.atLow(), o.atHigh(), Math.abs(o.atHigh() - o.atLow()),
                                m == null ? "" : m.muStar(), m == null ? "" : m.sigma());
                        swings.add(new Charts.Swing(o.param(), o.atLow(), o.atHigh()));
                    }
                    Charts.tornado(c.label() + " (" + c.machineName() + "), baseline " + String.format(Locale.ROOT, "%+.1f %%", r.baseline()), c.label(),
                            r.baseline(), c.published(), swings, dir.resolve("tornado-" + c.machineName() + ".png"));
                    md.append("![tornado](tornado-").append(c.machineName()).append(".png)\n\n");
                }
            }
            Files.writeString(dir.resolve("table.md"), md.toString());
            // each reproduced row's band, for reproduce --bands to show beside the row
            try (CSVPrinter bands = new CSVPrinter(Files.newBufferedWriter(dir.resolve("bands.csv")), CSVFormat.DEFAULT.builder()
                    .setHeader("id", "case", "baseline", "low", "high", "published", "spans_published_and_opposite_sign").build())) {
                for (Sensitivity.Result r : results) {
                    bands.printRecord(r.c().rowId() == null ? "" : r.c().rowId(), r.c().label(), r.baseline(), r.low(), r.high(),
                            Double.isNaN(r.c().published()) ? "" : r.c().published(), r.spansPublishedAndOppositeSign());
                }
            }
        } catch (IOException e) {
            throw new ConfigException("--out", "cannot write " + dir + ": " + e.getMessage());
        }
        w.printf("sensitivity: %s%n", dir);
        w.flush();
    }
}
