package numasim.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.experiments.WorkloadRun;
import numasim.kernel.KernelFeatures;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code numasim bench}: simulation speed (events per second of wall time) on reference runs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure simulation speed: events per second and wall time of reference runs (ebizzy on x86-kvm-16 and skylake-4s-192, one kernbench build);"
                + " with --scaling, will-it-scale page_fault1 in thread mode on Skylake-like machines of 16 to 384 CPUs.",
        footer = {"", "Example:", "  numasim bench", "  numasim bench --repeat 3", "  numasim bench --scaling"})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--repeat", defaultValue = "3", description = "timed repetitions per case, after one warm-up (default: ${DEFAULT-VALUE}); the best is summarised")
    int repeat;

    @Option(names = "--scaling", description = "page_fault1 threads at 16, 48, 96, 192 and 384 tasks, one task per CPU, on skylake-4s-192 scaled by sockets and cores")
    boolean scaling;

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
        if (scaling) {
            scaling(w);
            return;
        }
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

    /**
     * page_fault1, thread mode, one task per CPU, 140 ms simulated (7 samples of 20 ms) on machines of 1 to 8
     * Skylake sockets: wall time, events/s and peak heap, so that cost per simulated CPU can be read off.
     */
    private void scaling(java.io.PrintWriter w) {
        int[][] shapes = {{1, 8}, {1, 24}, {2, 24}, {4, 24}, {8, 24}}; // sockets, cores per socket; 2 threads per core
        w.printf("%-6s %-9s %12s %10s %12s %14s %12s%n", "cpus", "sockets", "events", "wall s", "events/s", "wall s per cpu", "peak heap MB");
        boolean first = true;
        for (int[] shape : shapes) {
            int cpus = shape[0] * shape[1] * 2;
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("inherit", "skylake-4s-192");
            doc.put("name", "skylake-" + shape[0] + "s-" + cpus);
            doc.put("topology", Map.of("sockets", shape[0], "cores_per_socket", shape[1]));
            var machine = MachineSpecs.fromMap(doc, "bench.");
            List<String> args = List.of("page_fault1", "--mode", "threads", "--tasks", String.valueOf(cpus), "-s", "1", "--sample-ms", "20");
            if (first) {
                WorkloadRun.run(machine, KernelFeatures.parse("base"), Workloads.byName("will-it-scale"), args, Map.of(), 1); // JIT warm-up
                first = false;
            }
            System.gc();
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            WorkloadRun.Outcome o = WorkloadRun.run(machine, KernelFeatures.parse("base"), Workloads.byName("will-it-scale"), args, Map.of(), 1);
            long peak = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            w.printf(Locale.ROOT, "%-6d %-9d %12d %10.2f %12.0f %14.4f %12.0f%n", cpus, shape[0], o.events(), o.wallSeconds(),
                    o.events() / o.wallSeconds(), o.wallSeconds() / cpus, peak / 1e6);
            w.flush();
        }
    }
}
