package numasim.cli;

import numasim.kernel.KernelFeatures;
import numasim.topology.MachineSpecs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code numasim list}: presets, workloads and kernel features. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List machine and host presets, workloads, reproductions and kernel features; 'list counters': every kernel counter.",
        footer = {"", "Example:", "  numasim list", "  numasim list counters"})
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", description = "counters: the counter dictionary")
    String what;

    @Override
    public void run() {
        var w = spec.commandLine().getOut();
        if (what != null) {
            if (!what.equals("counters")) {
                throw new numasim.topology.ConfigException("list", "unknown list '" + what + "' (known: counters)");
            }
            counters(w);
            return;
        }
        w.println("Machine presets:");
        for (String p : MachineSpecs.PRESETS) {
            w.printf("  %-16s %s%n", p, MachineSpecs.presetDescription(p));
        }
        w.println("Host presets (--host):");
        for (String h : numasim.host.HostSpecs.PRESETS) {
            w.printf("  %-16s %s%n", h, numasim.host.HostSpecs.presetDescription(h));
        }
        w.println("Workloads:");
        for (WorkloadFactory f : Workloads.all()) {
            w.printf("  %-16s %s%n", f.name(), f.summary());
        }
        w.println("Reproductions:");
        for (numasim.experiments.Reproduction r : numasim.experiments.Reproductions.all()) {
            w.printf("  %-24s %s%n", r.name(), r.summary());
        }
        w.println("Kernel features:");
        for (String f : KernelFeatures.KNOWN) {
            w.printf("  %-16s %s%n", f, KernelFeatures.describe(f));
        }
        w.flush();
    }

    /** The counter dictionary: every event registered at boot, its unit, perf and /proc/vmstat names, and what it counts. */
    private static void counters(java.io.PrintWriter w) {
        numasim.results.MarkdownTable t = new numasim.results.MarkdownTable("counter", "unit", "perf stat", "/proc/vmstat", "description");
        for (numasim.sim.Event e : numasim.kernel.Events.all()) {
            String key = e.perNode() ? e.key() + "N" : e.key();
            String perf = e.perfLabel() == null ? "" : e.perNode() ? e.perfLabel() + "N" : e.perfLabel();
            t.row(key + (e.unit() == numasim.sim.Event.Unit.NS ? "_ms" : ""), e.unit() == numasim.sim.Event.Unit.NS ? "ms" : e.unit().label, perf,
                    e.vmstat() == null ? "" : e.vmstat(), e.description());
        }
        w.print(t.render());
        w.flush();
    }
}
