package numasim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import java.util.function.Supplier;

import numasim.experiments.ExperimentFile;
import numasim.experiments.Runner;
import numasim.experiments.WorkloadRun;
import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.KernelFeatures;
import numasim.results.MarkdownTable;
import numasim.results.MetricsJson;
import numasim.results.Stats;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim run <workload> [options] -- <workload arguments>}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a workload on an emulated machine: print what the benchmark prints, then kernel counters; write metrics.json.",
        footer = {"", "Everything after -- is parsed exactly as the real program parses its options.", "",
            "Example:", "  numasim run ebizzy --machine x86-kvm-16 --seed 1 -- -mTt 16 -S 2",
            "  numasim run ebizzy --machine my-box.yaml --set malloc=static -- -t 8 -S 1",
            "  numasim run memhog --machine two-node-guest --kernel hinting=bitmap-v10 --host host-64g -- --size 6G --loops 3",
            "  numasim run --config my-experiment.yaml"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD", description = "workload to run (numasim list shows them)")
    String workload;

    @Option(names = "--config", paramLabel = "FILE", description = "an experiment file (YAML): machine, kernel, workload and its args, replications, seed, output")
    Path config;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the workload's own arguments, after --")
    List<String> args = new ArrayList<>();

    @Option(names = "--machine", defaultValue = "x86-kvm-16", description = "preset name or machine YAML file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--kernel", defaultValue = "base", description = "kernel features, comma-separated (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--host", paramLabel = "HOST", description = "host preset or host YAML file behind the guest's memory (default with hinting: host-64g)")
    String host;

    @Option(names = "--seed", defaultValue = "1", description = "base random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<time>-<workload>-<machine>-seed<N>)")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "workload model setting, e.g. malloc=static for ebizzy")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = {"-x", "--field-separator"}, paramLabel = "SEP",
            description = "print the counters as perf stat -x SEP does: one separated line per event (on stderr, as perf)")
    String fieldSeparator;

    @Override
    public Integer call() throws IOException {
        if (fieldSeparator != null && fieldSeparator.isEmpty()) {
            throw new ConfigException("-x", "the field separator must not be empty");
        }
        if (config != null) {
            if (workload != null) {
                throw new ConfigException("run", "give either --config FILE or a WORKLOAD, not both");
            }
            return runExperiment(ExperimentFile.load(config));
        }
        if (workload == null) {
            throw new ConfigException("run", "missing WORKLOAD (or --config FILE); numasim list shows the workloads");
        }
        WorkloadFactory f = Workloads.byName(workload);
        MachineSpec m = MachineSpecs.load(machine);
        MachineSpecs.warnings(m).forEach(x -> spec.commandLine().getErr().println("numasim: warning: " + x));
        KernelFeatures features = KernelFeatures.parse(kernel);
        HostSpec h = host == null ? null : HostSpecs.load(host);
        f.create(args, settings, m); // the workload's arguments are checked before the folder is made
        Path dir = RunFolders.checked("--out", out, workload + "-" + m.name() + "-seed" + seed);
        WorkloadRun.Outcome o = WorkloadRun.run(m, features, h, f, args, settings, seed);
        MetricsJson.write(dir.resolve("metrics.json"), o.record());
        Files.writeString(dir.resolve("output.txt"), o.output() + o.perfStat() + o.hinting());
        Files.writeString(dir.resolve("proc-vmstat"), WorkloadRun.procVmstat(o.record().counters()));
        if (o.hintingCsv() != null) {
            Files.writeString(dir.resolve("hinting.csv"), o.hintingCsv());
        }
        var w = spec.commandLine().getOut();
        w.print(o.output());
        w.flush();
        printPerf(o);
        w.print(o.hinting());
        w.println();
        w.println("run folder: " + dir);
        w.flush();
        return 0;
    }

    /** perf stat's block goes to stderr, as perf writes it, so that a benchmark's stdout stays its own. */
    private void printPerf(WorkloadRun.Outcome o) {
        var err = spec.commandLine().getErr();
        err.print(fieldSeparator == null ? o.perfStat() : o.perf().csv(fieldSeparator));
        err.flush();
    }

    /** Replications of an experiment file on worker threads; each run's folder, then an aggregate table. */
    private int runExperiment(ExperimentFile e) throws IOException {
        List<Supplier<WorkloadRun.Outcome>> jobs = new ArrayList<>();
        for (int i = 0; i < e.replications(); i++) {
            long s = e.seed() + i;
            jobs.add(() -> WorkloadRun.run(e.machine(), e.kernel(), e.host(), e.workload(), e.args(), e.settings(), s));
        }
        Path dir = RunFolders.checked("output", e.output(), e.workload().name() + "-" + e.machine().name());
        List<WorkloadRun.Outcome> outs = Runner.all(jobs, Runtime.getRuntime().availableProcessors());
        var w = spec.commandLine().getOut();
        for (WorkloadRun.Outcome o : outs) {
            Path rd = dir.resolve("seed-" + o.record().seed());
            Files.createDirectories(rd);
            MetricsJson.write(rd.resolve("metrics.json"), o.record());
            Files.writeString(rd.resolve("output.txt"), o.output() + o.perfStat());
            Files.writeString(rd.resolve("proc-vmstat"), WorkloadRun.procVmstat(o.record().counters()));
        }
        w.print(outs.get(0).output());
        w.flush();
        printPerf(outs.get(0));
        MarkdownTable t = new MarkdownTable("metric", "mean", "sd", "95 % CI", "n");
        for (Map.Entry<String, Object> m : outs.get(0).record().result().entrySet()) {
            if (!(m.getValue() instanceof Number)) {
                continue;
            }
            double[] v = outs.stream().mapToDouble(o -> ((Number) o.record().result().get(m.getKey())).doubleValue()).toArray();
            Stats st = Stats.of(v);
            t.row(m.getKey(), fmt(st.mean()), fmt(st.sd()), Double.isNaN(st.ci95()) ? "" : "± " + fmt(st.ci95()), st.n());
        }
        String table = "\n" + e.replications() + " replication(s), seeds " + e.seed() + ".." + (e.seed() + e.replications() - 1) + ":\n\n" + t.render();
        Files.writeString(dir.resolve("aggregate.md"), table);
        w.print(table);
        w.println();
        w.println("run folder: " + dir);
        w.flush();
        return 0;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4g", v);
    }
}
