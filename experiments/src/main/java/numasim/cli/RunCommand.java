package numasim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import numasim.experiments.WorkloadRun;
import numasim.kernel.KernelFeatures;
import numasim.results.MetricsJson;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numasim run <workload> [options] -- <workload arguments>}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a workload on an emulated machine: print what the benchmark prints, then kernel counters; write metrics.json.",
        footer = {"", "Everything after -- is parsed exactly as the real program parses its options.", "",
            "Example:", "  numasim run ebizzy --machine x86-kvm-16 --seed 1 -- -mTt 16 -S 2",
            "  numasim run ebizzy --machine my-box.yaml --set malloc=static -- -t 8 -S 1"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "workload to run (numasim list shows them)")
    String workload;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the workload's own arguments, after --")
    List<String> args = new ArrayList<>();

    @Option(names = "--machine", defaultValue = "x86-kvm-16", description = "preset name or machine YAML file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--kernel", defaultValue = "base", description = "kernel features, comma-separated (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--seed", defaultValue = "1", description = "base random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<time>-<workload>-<machine>-seed<N>)")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "workload model setting, e.g. malloc=static for ebizzy")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        WorkloadFactory f = Workloads.byName(workload);
        MachineSpec m = MachineSpecs.load(machine);
        KernelFeatures features = KernelFeatures.parse(kernel);
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out", out + " exists and is not a directory");
        }
        WorkloadRun.Outcome o = WorkloadRun.run(m, features, f, args, settings, seed);
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + workload + "-" + m.name() + "-seed" + seed);
        Files.createDirectories(dir);
        MetricsJson.write(dir.resolve("metrics.json"), o.record());
        Files.writeString(dir.resolve("output.txt"), o.output() + o.perfStat());
        var w = spec.commandLine().getOut();
        w.print(o.output());
        w.print(o.perfStat());
        w.println();
        w.println("run folder: " + dir);
        w.flush();
        return 0;
    }
}
