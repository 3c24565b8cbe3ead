package numasim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import numasim.experiments.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim sweep FILE --jobs N}: every combination of the axes, replications included. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run an experiment over axes (the cartesian product, with replications) on worker threads; "
                + "write runs.csv, aggregate.csv/.md and a chart per metric. An interrupted sweep resumes.",
        footer = {"", "Example:", "  numasim sweep my-sweep.yaml --jobs 2", "  numasim sweep my-sweep.yaml --dry-run", "",
            "A sweep file:", "  experiment:", "    machine: {inherit: x86-kvm-16, topology: {cores_per_socket: \"$${cpus}\"}}",
            "    workload: {name: ebizzy, args: \"-mTt $${cpus} -S 1\"}", "  axes:", "    cpus: [4, 8, 16]", "    kernel: [base, spf]",
            "  replications: 3", "  output: runs/ebizzy-sweep"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the sweep file (YAML)")
    Path file;

    @Option(names = "--jobs", description = "worker threads (default: available processors)")
    Integer jobs;

    @Option(names = "--out", description = "the sweep's folder (default: the file's output)")
    Path out;

    @Option(names = "--engine", defaultValue = "local", description = "where the runs go: local (worker threads) or spark (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--master", description = "Spark master URL for --engine spark (default: local[--jobs]); spark://host:7077, yarn, k8s://...")
    String master;

    @Option(names = "--dry-run", description = "print the points, their number and an estimated wall time (from one short calibration run per machine size); run nothing, write nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "run a sweep of more than " + CONFIRM_ABOVE + " points without asking")
    boolean yes;

    /** Above this many points a sweep asks for --yes, with its estimate: 10,000 runs are not started by a typo. */
    static final int CONFIRM_ABOVE = 1000;

    @Option(names = "--verbose", description = "let the engine log as it normally does (Spark's INFO logging and console progress)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        int workers = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new numasim.topology.ConfigException("--jobs", "must be at least 1, got " + workers);
        }
        if (master != null && !engine.equals("spark")) {
            throw new numasim.topology.ConfigException("--master", "only --engine spark takes a master");
        }
        var eng = numasim.experiments.engine.SweepEngines.byName(engine);
        var options = new numasim.experiments.engine.SweepEngine.Options(workers, master, verbose);
        eng.check(options); // before the folder is touched
        Sweep s = new Sweep(file, out);
        var w = spec.commandLine().getOut();
        if (dryRun) {
            w.print(s.dryRun(workers));
            w.flush();
            return 0;
        }
        if (s.size() > CONFIRM_ABOVE && !yes) {
            throw new numasim.topology.ConfigException("--yes", s.estimate(workers).strip().replace("\n", "; ") + "; add --yes to run them");
        }
        OutputPaths.directory(out != null ? "--out" : "output", s.output());
        long t0 = System.nanoTime();
        w.printf("%d runs on %s%n", s.size(), engine.equals("local") ? workers + " worker(s)" : "spark (" + (master != null ? master : "local[" + workers + "]") + ")");
        w.flush();
        var o = s.run(eng, options, w, System.console() != null);
        w.printf("%nsweep folder: %s (%.1f s wall)%n", s.output(), (System.nanoTime() - t0) / 1e9);
        w.print(java.nio.file.Files.readString(s.output().resolve("aggregate.md")));
        o.failures().forEach((i, why) -> w.printf("failed: point %d: %s%n", i, why));
        w.flush();
        return o.failures().isEmpty() ? 0 : numasim.cli.Numasim.EXIT_RUN_FAILED;
    }
}
