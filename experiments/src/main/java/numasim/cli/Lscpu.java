package numasim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import numasim.topology.MachineSpec;
import numasim.topology.Topology;

/** The machine as util-linux's lscpu prints it: its field names, in its order, CPU lists as it writes them. */
final class Lscpu {
    private Lscpu() {
    }

    static void print(MachineSpec m, PrintWriter w) {
        Topology t = new Topology(m);
        boolean power = !m.flushByIpi();
        field(w, "Architecture:", power ? "ppc64le" : "x86_64");
        if (!power) {
            field(w, "CPU op-mode(s):", "32-bit, 64-bit");
        }
        field(w, "Byte Order:", "Little Endian");
        field(w, "CPU(s):", String.valueOf(m.cpus()));
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < t.cpus(); c++) {
            all.add(c);
        }
        field(w, "On-line CPU(s) list:", cpulist(all));
        field(w, "Thread(s) per core:", String.valueOf(m.threadsPerCore()));
        field(w, "Core(s) per socket:", String.valueOf(m.coresPerSocket()));
        field(w, "Socket(s):", String.valueOf(m.sockets()));
        field(w, "NUMA node(s):", String.valueOf(m.nodes()));
        if (m.guest()) {
            field(w, "Hypervisor vendor:", "KVM");
            field(w, "Virtualization type:", "full");
        }
        for (int n = 0; n < m.nodes(); n++) {
            field(w, "NUMA node" + n + " CPU(s):", cpulist(cpusOf(t, n)));
        }
    }

    static List<Integer> cpusOf(Topology t, int node) {
        List<Integer> cpus = new ArrayList<>();
        for (int c = 0; c < t.cpus(); c++) {
            if (t.nodeOf(c) == node) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    /** lscpu's cpulist: runs of three or more as a-b, pairs as a,b (util-linux cpulist_create). */
    static String cpulist(List<Integer> cpus) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cpus.size();) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            if (s.length() > 0) {
                s.append(',');
            }
            if (j - i >= 2) {
                s.append(cpus.get(i)).append('-').append(cpus.get(j));
                i = j + 1;
            } else {
                s.append(cpus.get(i));
                i++;
            }
        }
        return s.toString();
    }

    private static void field(PrintWriter w, String name, String value) {
        w.printf("%-23s %s%n", name, value);
    }
}
