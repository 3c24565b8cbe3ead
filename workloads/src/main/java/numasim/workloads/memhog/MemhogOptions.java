package numasim.workloads.memhog;

import java.util.List;
import java.util.Set;

import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.Sizes;
import numasim.workloads.LongOptions;

/**
 * memhog's options: {@code --size} to allocate and touch per loop, {@code --loops}, {@code --tasks} processes
 * sharing the size, {@code --pause} between loops, {@code --start} before the first, {@code --hold} after
 * the last (the guest idles while hinting catches up), {@code --bind yes}: process i runs on the CPUs of node
 * i mod nodes (as {@code numactl --cpunodebind}), so it allocates there.
 */
public record MemhogOptions(long size, int loops, int tasks, double startNs, double pauseNs, double holdNs, boolean bind) {
    static final Set<String> KNOWN = Set.of("--size", "--loops", "--tasks", "--start", "--pause", "--hold", "--bind");

    public static MemhogOptions parse(List<String> args, MachineSpec machine) {
        LongOptions o = new LongOptions(args, KNOWN);
        long size = o.size("--size", null);
        long memory = machine.memoryPerNode() * machine.nodes();
        if (size > memory) {
            throw new ConfigException("workload.args", "--size " + Sizes.format(size) + " is more than " + machine.name() + " has (" + Sizes.format(memory) + ")");
        }
        return new MemhogOptions(size, o.integer("--loops", 1, 1, 1000), o.integer("--tasks", 1, 1, machine.cpus()),
                o.seconds("--start", 0), o.seconds("--pause", 0), o.seconds("--hold", 0), bind(o));
    }

    private static boolean bind(LongOptions o) {
        String v = o.has("--bind") ? o.string("--bind") : "no";
        if (!v.equals("yes") && !v.equals("no")) {
            throw new ConfigException("workload.args", "--bind must be yes or no, got '" + v + "'");
        }
        return v.equals("yes");
    }
}
