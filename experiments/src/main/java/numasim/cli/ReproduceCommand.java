package numasim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import numasim.experiments.Reproduction;
import numasim.experiments.Reproductions;
import numasim.results.Report;
import numasim.topology.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim reproduce <name>}: a published table, reproduced side by side. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a published table: run the emulated experiments, print published vs emulated, write a run folder "
                + "(summary.json, table.md, table.csv, charts, each run's metrics).",
        footer = {"", "Example:", "  numasim reproduce spf-ebizzy", "  numasim reproduce spf-kernbench --quick --out /tmp/kb",
            "  numasim reproduce --all --out runs/all       # then open runs/all/report.html",
            "  numasim reproduce lkp-skylake-spf --jobs 2   # about 6 minutes on 2 cores",
            "", "--replications means replications of each run for spf-ebizzy and builds per load (kernbench -n) for spf-kernbench;",
            "lkp-skylake-spf runs each row once per kernel (LKP's table is one comparison) and ignores --replications and --seconds."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "reproduction (numasim list shows them)")
    String name;

    @Option(names = "--all", description = "every reproduction, then one report (report.md and a self-contained report.html)")
    boolean all;

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

    private Reproduction.Options options() {
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
        return new Reproduction.Options(quick, reps, secs, workers);
    }

    /** Every reproduction into its own folder, then report.md and report.html over all of them. */
    private int runAll() throws Exception {
        Reproduction.Options opts = options();
        Path dir = RunFolders.checked("--out", out, "all");
        var w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        java.util.List<Report.Section> sections = new java.util.ArrayList<>();
        java.util.TreeSet<String> presets = new java.util.TreeSet<>();
        for (Reproduction r : Reproductions.all()) {
            Reproduction rr = full ? Reproductions.full(r) : r;
            Path d = dir.resolve(rr.name());
            rr.run(opts, d, w);
            w.println();
            sections.add(new Report.Section(rr.name(), java.nio.file.Files.readString(d.resolve("table.md")), d));
            presets.addAll(rr.presets());
        }
        // the primitives under the tables: numasim microbench on each machine the reproductions use
        StringBuilder micro = new StringBuilder("Each primitive timed as its microbenchmark times it, beside the published figure "
                + "(numasim microbench --machine M; guests on an idle host).\n\n");
        for (String m : java.util.List.of("x86-kvm-16", "power8-80", "skylake-4s-192")) {
            java.util.List<numasim.experiments.MicrobenchSuite.Row> rows = numasim.experiments.MicrobenchSuite.run(m, java.util.List.of(), 1, false);
            micro.append("### ").append(m).append("\n\n").append(numasim.experiments.MicrobenchSuite.markdown(m, rows))
                    .append("\n").append(numasim.experiments.MicrobenchSuite.Counts.of(rows).sentence()).append(".\n\n");
        }
        Path microDir = dir.resolve("microbench");
        java.nio.file.Files.createDirectories(microDir);
        java.nio.file.Files.writeString(microDir.resolve("table.md"), "# microbench\n\n" + micro);
        sections.add(new Report.Section("microbench", "# microbench\n\n" + micro, microDir));
        w.println("microbench: " + microDir.resolve("table.md"));
        java.util.List<String> header = java.util.List.of(
                numasim.experiments.Provenance.line(),
                "machine presets: " + String.join(", ", presets) + " (their calibrated parameters are listed in each section)",
                String.format(java.util.Locale.ROOT, "seeds 1..%d (%d replications; spf-kernbench: %d builds per load), %d s per ebizzy run%s",
                        opts.replications(), opts.replications(), opts.replications(), (int) opts.seconds(), opts.quick() ? ", quick" : ""),
                "reproduce with: numasim reproduce --all" + (quick ? " --quick" : "") + (full ? " --full" : "")
                        + (replications != null ? " --replications " + replications : "") + (seconds != null ? " --seconds " + seconds : ""));
        Report.write(dir, "numasim reproductions", header, sections);
        w.printf("report: %s and %s (%.0f s wall)%n", dir.resolve("report.md"), dir.resolve("report.html"), (System.nanoTime() - t0) / 1e9);
        w.flush();
        return 0;
    }

    @picocli.CommandLine.Option(names = "--bands", paramLabel = "FILE",
            description = "a sensitivity run's bands.csv: add each matching row's band over the parameter ranges to table.md and table.csv")
    Path bands;

    @Override
    public Integer call() throws Exception {
        if (bands != null) {
            numasim.experiments.Bands.check(bands);
        }
        if (all == (name != null)) {
            throw new ConfigException("reproduce", all ? "give either --all or a NAME, not both" : "missing NAME (or --all); numasim list shows them");
        }
        if (all) {
            return runAll();
        }
        Reproduction r = Reproductions.byName(name);
        if (full) {
            r = Reproductions.full(r);
        }
        Reproduction.Options opts = options();
        Path dir = RunFolders.checked("--out", out, name);
        var w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        r.run(opts, dir, w);
        if (bands != null) {
            w.printf("%n%d row(s) with a band over the parameter ranges, from %s%n", numasim.experiments.Bands.apply(dir, bands), bands);
        }
        w.printf("%nrun folder: %s (%.0f s wall)%n", dir, (System.nanoTime() - t0) / 1e9);
        w.flush();
        return 0;
    }
}
