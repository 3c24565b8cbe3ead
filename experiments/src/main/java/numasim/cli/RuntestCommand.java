package numasim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import numasim.experiments.Runner;
import numasim.experiments.WorkloadRun;
import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;
import numasim.workloads.willitscale.WillItScaleOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code numasim runtest TESTCASE}: will-it-scale's runtest.py. For each task count it runs the
 * processes binary, then the threads binary, reads /proc/stat's idle share over each run, and prints
 * its scaling CSV: tasks, both averages, both idle percentages, and linear (the better one-task
 * figure times the task count).
 */
@Command(name = "runtest", mixinStandardHelpOptions = true,
        description = "will-it-scale's runtest.py: the processes and threads binaries at 1..CPUs tasks; prints its CSV"
                + " (tasks,processes,processes_idle,threads,threads_idle,linear) and writes runtest.csv.",
        footer = {"", "Example:", "  numasim runtest page_fault1 --machine two-node-test",
            "  numasim runtest page_fault3 --machine skylake-4s-192 --tasks 1,48,96,192 --sample-ms 200 --jobs 2"})
final class RuntestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TESTCASE", description = "a will-it-scale test case (page_fault1, ...)")
    String testcase;

    @Option(names = "--machine", defaultValue = "x86-kvm-16", description = "preset or machine file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--kernel", defaultValue = "base", description = "kernel features (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--tasks", split = ",", paramLabel = "N", description = "task counts (default: 1..CPUs, as runtest.py)")
    List<Integer> tasks = new ArrayList<>();

    @Option(names = "-s", defaultValue = "5", description = "measured samples per run (runtest.py: duration 5)")
    int samples;

    @Option(names = "--sample-ms", defaultValue = "1000", description = "length of one sample (default: ${DEFAULT-VALUE}, the harness's)")
    int sampleMs;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--jobs", defaultValue = "1", description = "simulations at once (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--out", description = "folder for runtest.csv and each run's output (default: runs/<time>-runtest-<testcase>-<machine>)")
    Path out;

    @Override
    public Integer call() throws IOException {
        WillItScaleOptions.parse(List.of(testcase, "-s", String.valueOf(samples), "--sample-ms", String.valueOf(sampleMs))); // bad input fails here
        if (jobs < 1) {
            throw new ConfigException("--jobs", "must be at least 1, got " + jobs);
        }
        MachineSpec m = MachineSpecs.load(machine);
        KernelFeatures features = KernelFeatures.parse(kernel);
        List<Integer> points = new ArrayList<>(tasks);
        if (points.isEmpty()) {
            for (int i = 1; i <= m.cpus(); i++) {
                points.add(i);
            }
        }
        for (int t : points) {
            if (t < 1) {
                throw new ConfigException("--tasks", "task counts must be positive, got " + t);
            }
        }
        Path dir = RunFolders.checked("--out", out, "runtest-" + testcase + "-" + m.name());
        WorkloadFactory wis = Workloads.byName("will-it-scale");
        List<Supplier<WorkloadRun.Outcome>> runs = new ArrayList<>();
        for (int t : points) {
            for (String binary : new String[] {"processes", "threads"}) {
                List<String> args = List.of(testcase + "_" + binary, "-t", String.valueOf(t), "-s", String.valueOf(samples), "--sample-ms",
                        String.valueOf(sampleMs));
                runs.add(() -> WorkloadRun.run(m, features, wis, args, java.util.Map.of(), seed));
            }
        }
        List<WorkloadRun.Outcome> outs = Runner.all(runs, jobs);
        StringBuilder csv = new StringBuilder("tasks,processes,processes_idle,threads,threads_idle,linear\n0,0,100,0,100,0\n");
        long linear = 0;
        for (int i = 0; i < points.size(); i++) {
            WorkloadRun.Outcome p = outs.get(2 * i);
            WorkloadRun.Outcome t = outs.get(2 * i + 1);
            long pAvg = ((Number) p.record().result().get("average")).longValue();
            long tAvg = ((Number) t.record().result().get("average")).longValue();
            if (i == 0) {
                linear = Math.max(pAvg, tAvg) / points.get(0); // runtest.py takes the one-task figure; per task if the list starts higher
            }
            csv.append(String.format(Locale.ROOT, "%d,%d,%.2f,%d,%.2f,%d%n", points.get(i), pAvg, idle(p), tAvg, idle(t), linear * points.get(i)));
            Files.writeString(dir.resolve(testcase + "_processes-t" + points.get(i) + ".txt"), p.output() + p.perfStat());
            Files.writeString(dir.resolve(testcase + "_threads-t" + points.get(i) + ".txt"), t.output() + t.perfStat());
        }
        Files.writeString(dir.resolve("runtest.csv"), csv.toString());
        Files.writeString(dir.resolve(testcase + ".title"), outs.get(0).output().lines().filter(l -> l.startsWith("testcase:"))
                .map(l -> l.substring("testcase:".length())).findFirst().orElse("") + "\n");
        PrintWriter w = spec.commandLine().getOut();
        w.print(csv);
        w.flush();
        spec.commandLine().getErr().println("run folder: " + dir);
        return 0;
    }

    private static double idle(WorkloadRun.Outcome o) {
        return ((Number) o.record().result().get("idle_pct")).doubleValue();
    }
}
