package numasim.cli;

import java.util.Locale;

import numasim.topology.Cost;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.topology.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim machine show <preset|file>}: the machine as lscpu and numactl --hardware would show it. */
@Command(name = "machine", mixinStandardHelpOptions = true, description = "Inspect machines.",
        subcommands = {MachineCommand.Show.class}, footer = {"", "Example:", "  numasim machine show skylake-4s-192"})
final class MachineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The machine as lscpu and numactl --hardware show it, then every cost with its source and range.",
            footer = {"", "Example:", "  numasim machine show skylake-4s-192", "  numasim machine show my-box.yaml"})
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MACHINE", description = "preset name or machine YAML file")
        String machine;

        @Override
        public void run() {
            MachineSpec m = MachineSpecs.load(machine);
            MachineSpecs.warnings(m).forEach(x -> spec.commandLine().getErr().println("numasim: warning: " + x));
            var w = spec.commandLine().getOut();
            w.printf("%s: %s%n%n", m.name(), m.description());
            Lscpu.print(m, w);
            w.println();
            NumactlHardware.print(m, w);
            w.println();
            w.printf("%-22s %s, MAX_ORDER %d, pageblock order %d, fault_around_bytes %s%n", "Pages:", Sizes.format(m.pageSize()),
                    m.maxOrder(), m.pageblockOrder(), Sizes.format(m.faultAroundBytes()));
            w.printf("%-22s %s%n", "TLB shootdown:", m.flushByIpi() ? "IPIs to the mm's CPUs" : "broadcast invalidation (tlbie)");
            if (m.deviceMemory() > 0) {
                // ZONE_DEVICE memory (devdax/fsdax): mapped by DAX, never in the page allocator, so numactl does not list it
                w.printf("%-22s %s persistent memory (ZONE_DEVICE, DAX only, not a node of the page allocator)%n", "Device memory:",
                        Sizes.format(m.deviceMemory()));
            }
            w.printf("%nCosts:%n");
            for (Cost c : Cost.values()) {
                String v = c.unit == Cost.Unit.LIST ? java.util.Arrays.toString(m.costs().smtThroughputs())
                        : String.format(Locale.ROOT, "%s %s", Summary.num(m.costs().raw(c)), c.unit.label);
                double[] spread = m.costs().spread(c);
                if (spread != null) {
                    v += String.format(Locale.ROOT, " (drawn %s-%s)", Summary.num(spread[0]), Summary.num(spread[1]));
                }
                w.printf("  %-22s %-24s %s%n", c.key, v, m.costs().source(c));
                numasim.topology.CostRange r = m.costs().range(c);
                if (r != null) {
                    w.printf("  %-22s %-24s %s%n", "", r.lo() == r.hi() ? "fixed" : "range " + Summary.num(r.lo()) + "-" + Summary.num(r.hi()), r.source());
                }
                if (m.costs().outOfRange(c) != null) {
                    w.printf("  %-22s %-24s %s%n", "", "OUT OF RANGE", m.costs().outOfRange(c));
                }
            }
            w.flush();
        }
    }

    /** Number formatting without trailing zeros. */
    static final class Summary {
        static String num(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
