package numasim.workloads.noisy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.Sizes;
import numasim.user.Pthread;
import numasim.vm.Vma;
import numasim.workloads.LongOptions;
import numasim.workloads.Touch;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/**
 * A noisy allocator: one thread maps {@code --size} of anonymous memory, writes every page, unmaps it, and
 * does it again in a tight loop for {@code --duration}. The guest allocator hands it the same blocks each
 * time (its freed memory is the hottest), so it keeps freeing the same few blocks of hinting order.
 */
public final class Noisy implements Workload {
    private static final Set<String> KNOWN = Set.of("--size", "--duration", "--start");
    private final long size;
    private final double durationNs;
    private final double startNs;
    private UserEnv env;
    private long iterations;
    private double began;
    private double end;

    Noisy(long size, double durationNs, double startNs) {
        this.size = size;
        this.durationNs = durationNs;
        this.startNs = startNs;
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        Process p = env.spawn("noisy", 0);
        p.start("noisy", -1, t -> p.nanosleep(t, startNs, () -> {
            began = env.now();
            cycle(p, t);
        }));
    }

    private void cycle(Process p, Pthread t) {
        if (env.now() - began >= durationNs) {
            end = env.now();
            p.exit(t);
            return;
        }
        long huge = 2L << 20;
        p.mmapAnon(t, size + huge, Vma.VM_READ | Vma.VM_WRITE, addr -> {
            long aligned = (addr + huge - 1) & -huge; // so each 2 MiB can be a huge page when THP is on
            Touch.eachPage(p, t, aligned, size, 0, () -> p.munmap(t, addr, size + huge, r -> {
                iterations++;
                cycle(p, t);
            }));
        });
    }

    @Override
    public double limitNs() {
        return startNs + durationNs + 3600e9;
    }

    @Override
    public WorkloadReport report() {
        double s = (end - began) / 1e9;
        String out = String.format(Locale.ROOT, "noisy: %d cycles of %s in %.3f s (%.1f cycles/s)%n", iterations, Sizes.format(size), s,
                s > 0 ? iterations / s : 0);
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("cycles", iterations);
        m.put("cycles_per_s", s > 0 ? Math.round(iterations / s * 10) / 10.0 : 0);
        return new WorkloadReport(out, m);
    }

    /** {@code noisy --size 32M --duration 60 [--start S]}. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        WorkloadFactory.noSettings("noisy", settings);
        LongOptions o = new LongOptions(args, KNOWN);
        long size = o.size("--size", 32L << 20);
        if (size > machine.memoryPerNode() * machine.nodes() / 2) {
            throw new ConfigException("workload.args", "--size " + Sizes.format(size) + " is more than half of " + machine.name() + "'s memory");
        }
        return new Noisy(size, o.seconds("--duration", 60), o.seconds("--start", 0));
    }
}
