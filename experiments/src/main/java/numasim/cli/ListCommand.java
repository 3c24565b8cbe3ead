package numasim.cli;

import numasim.kernel.KernelFeatures;
import numasim.topology.MachineSpecs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code numasim list}: presets, workloads and kernel features. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List machine and host presets, workloads, reproductions and kernel features.",
        footer = {"", "Example:", "  numasim list"})
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var w = spec.commandLine().getOut();
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
}
