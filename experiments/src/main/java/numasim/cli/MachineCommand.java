package numasim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import numasim.topology.Cost;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.topology.Sizes;
import numasim.topology.Topology;
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
            description = "Topology (sockets, nodes, CPUs, memory, SLIT distances) and every cost with its source.",
            footer = {"", "Example:", "  numasim machine show skylake-4s-192", "  numasim machine show my-box.yaml"})
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MACHINE", description = "preset name or machine YAML file")
        String machine;

        @Override
        public void run() {
            MachineSpec m = MachineSpecs.load(machine);
            Topology t = new Topology(m);
            var w = spec.commandLine().getOut();
            w.printf("%s: %s%n%n", m.name(), m.description());
            w.printf("%-22s %s%n", "Architecture:", m.pageSize() == 4096 ? "x86_64" : "ppc64");
            w.printf("%-22s %d%n", "CPU(s):", m.cpus());
            w.printf("%-22s %d%n", "Thread(s) per core:", m.threadsPerCore());
            w.printf("%-22s %d%n", "Core(s) per socket:", m.coresPerSocket());
            w.printf("%-22s %d%n", "Socket(s):", m.sockets());
            w.printf("%-22s %d%n", "NUMA node(s):", m.nodes());
            w.printf("%-22s %s%n", "Hypervisor:", m.guest() ? "KVM (guest)" : "none");
            w.printf("%-22s %s, MAX_ORDER %d, pageblock order %d, fault_around_bytes %s%n", "Pages:", Sizes.format(m.pageSize()),
                    m.maxOrder(), m.pageblockOrder(), Sizes.format(m.faultAroundBytes()));
            w.printf("%-22s %s%n%n", "TLB shootdown:", m.flushByIpi() ? "IPIs to the mm's CPUs" : "broadcast invalidation (tlbie)");
            int all = m.nodes() + (m.deviceMemory() > 0 ? 1 : 0);
            w.printf("available: %d nodes (0-%d)%n", all, all - 1);
            for (int n = 0; n < m.nodes(); n++) {
                List<Integer> cpus = new ArrayList<>();
                for (int c = 0; c < t.cpus(); c++) {
                    if (t.nodeOf(c) == n) {
                        cpus.add(c);
                    }
                }
                w.printf("node %d cpus: %s%n", n, String.join(" ", cpus.stream().map(String::valueOf).toList()));
                w.printf("node %d size: %d MB%n", n, m.memoryPerNode() >> 20);
            }
            if (m.deviceMemory() > 0) {
                w.printf("node %d cpus:%nnode %d size: %d MB (device memory, ZONE_DEVICE: DAX only, never in the page allocator)%n", m.nodes(),
                        m.nodes(), m.deviceMemory() >> 20);
            }
            w.println("node distances:");
            StringBuilder h = new StringBuilder("node ");
            for (int n = 0; n < m.nodes(); n++) {
                h.append(String.format(Locale.ROOT, "%4d", n));
            }
            w.println(h);
            for (int a = 0; a < m.nodes(); a++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%3d: ", a));
                for (int b = 0; b < m.nodes(); b++) {
                    row.append(String.format(Locale.ROOT, "%4d", t.distance(a, b)));
                }
                w.println(row);
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
