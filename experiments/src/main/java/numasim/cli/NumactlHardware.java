package numasim.cli;

import java.io.PrintWriter;

import numasim.kernel.Kernel;
import numasim.mm.Zone;
import numasim.topology.MachineSpec;
import numasim.topology.Topology;

/**
 * The machine as {@code numactl --hardware} prints it once booted: the nodes the page allocator has
 * (device memory for DAX is not one of them), each with its CPUs, size and free memory, and the SLIT
 * distance table in numactl's layout.
 */
final class NumactlHardware {
    private NumactlHardware() {
    }

    static void print(MachineSpec m, PrintWriter w) {
        Topology t = new Topology(m);
        Kernel k = new Kernel(m, 1);
        w.printf("available: %d nodes (%s)%n", m.nodes(), m.nodes() == 1 ? "0" : "0-" + (m.nodes() - 1));
        for (int n = 0; n < m.nodes(); n++) {
            StringBuilder cpus = new StringBuilder();
            Lscpu.cpusOf(t, n).forEach(c -> cpus.append(' ').append(c));
            long free = 0;
            for (Zone z : k.mem().zonesOf(n)) {
                free += z.freePages();
            }
            w.printf("node %d cpus:%s%n", n, cpus);
            w.printf("node %d size: %d MB%n", n, m.memoryPerNode() >> 20);
            w.printf("node %d free: %d MB%n", n, (free * m.pageSize()) >> 20);
        }
        w.println("node distances:");
        StringBuilder h = new StringBuilder("node ");
        for (int n = 0; n < m.nodes(); n++) {
            h.append(String.format("%3d ", n));
        }
        w.println(h);
        for (int a = 0; a < m.nodes(); a++) {
            StringBuilder row = new StringBuilder(String.format("%3d: ", a));
            for (int b = 0; b < m.nodes(); b++) {
                row.append(String.format("%3d ", t.distance(a, b)));
            }
            w.println(row);
        }
    }
}
