package numasim.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.experiments.WorkloadRun;
import numasim.kernel.KernelFeatures;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numasim bench}: simulation speed (events per second of wall time) on reference runs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure simulation speed: events per second and wall time of reference runs (ebizzy on x86-kvm-16 and skylake-4s-192, one kernbench build).",
        footer = {"", "Example:", "  numasim bench", "  numasim bench --repeat 3"})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--repeat", defaultValue = "3", description = "timed repetitions per case, after one warm-up (default: ${DEFAULT-VALUE}); the best is summarised")
    int repeat;

    private record Case(String machine, String workload, List<String> args) {
    }

    private static String label(Case c) {
        return c.workload() + " " + String.join(" ", c.args());
    }

    @Override
    public void run() {
        if (repeat < 1) {
            throw new numasim.topology.ConfigException("--repeat", "must be at least 1, got " + repeat);
        }
        var w = spec.commandLine().getOut();
        List<Case> cases = List.of(new Case("x86-kvm-16", "ebizzy", List.of("-mTt", "16", "-S", "2")),
                new Case("skylake-4s-192", "ebizzy", List.of("-mTt", "192", "-S", "1")),
                new Case("x86-kvm-16", "kernbench", List.of("-n", "1", "-M", "-O")));
        w.printf("%-16s %-26s %12s %10s %12s%n", "machine", "workload", "events", "wall s", "events/s");
        for (Case c : cases) {
            var spec = MachineSpecs.load(c.machine());
            WorkloadRun.run(spec, KernelFeatures.parse("base"), Workloads.byName(c.workload()), c.args(), Map.of(), 1); // warm-up
            double best = Double.MAX_VALUE;
            long events = 0;
            for (int i = 0; i < repeat; i++) {
                WorkloadRun.Outcome o = WorkloadRun.run(spec, KernelFeatures.parse("base"), Workloads.byName(c.workload()), c.args(), Map.of(), 1);
                w.printf(Locale.ROOT, "%-16s %-26s %12d %10.2f %12.0f%n", c.machine(), label(c), o.events(),
                        o.wallSeconds(), o.events() / o.wallSeconds());
                w.flush();
                best = Math.min(best, o.wallSeconds());
                events = o.events();
            }
            w.printf(Locale.ROOT, "%-16s %-26s %12d %10.2f %12.0f   (best of %d)%n", c.machine(), label(c), events,
                    best, events / best, repeat);
        }
    }
}
