package numasim.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import numasim.experiments.Reproduction;
import numasim.experiments.Reproductions;
import numasim.topology.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numasim reproduce <name>}: a published table, reproduced side by side. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a published table: run the emulated experiments, print published vs emulated, write a run folder "
                + "(summary.json, table.md, table.csv, charts, each run's metrics).",
        footer = {"", "Example:", "  numasim reproduce spf-ebizzy", "  numasim reproduce spf-kernbench --quick --out /tmp/kb",
            "", "--replications means replications of each run for spf-ebizzy and builds per load (kernbench -n) for spf-kernbench."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "reproduction (numasim list shows them)")
    String name;

    @Option(names = "--quick", description = "reduced version for smoke tests: 2 replications of 1 s")
    boolean quick;

    @Option(names = "--full", description = "full size where it matters (spf-kernbench: build the whole tree; long)")
    boolean full;

    @Option(names = "--replications", description = "independent replications per configuration (default: 3, quick: 2)")
    Integer replications;

    @Option(names = "--seconds", description = "simulated seconds per run (default: 2, quick: 1)")
    Integer seconds;

    @Option(names = "--jobs", description = "worker threads (default: available processors)")
    Integer jobs;

    @Option(names = "--out", description = "run folder (default: runs/<time>-<name>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Reproduction r = Reproductions.byName(name);
        if (full) {
            r = Reproductions.full(r);
        }
        int reps = replications != null ? replications : quick ? 2 : 3;
        int secs = seconds != null ? seconds : quick ? 1 : 2;
        int workers = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (reps < 2) {
            throw new ConfigException("--replications", "at least 2 are needed for a confidence interval, got " + reps);
        }
        if (secs < 1) {
            throw new ConfigException("--seconds", "must be at least 1, got " + secs);
        }
        if (workers < 1) {
            throw new ConfigException("--jobs", "must be at least 1, got " + workers);
        }
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + name);
        var w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        r.run(new Reproduction.Options(quick, reps, secs, workers), dir, w);
        w.printf("%nrun folder: %s (%.0f s wall)%n", dir, (System.nanoTime() - t0) / 1e9);
        w.flush();
        return 0;
    }
}
