package numasim.workloads.memhog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import numasim.topology.MachineSpec;
import numasim.workloads.WorkloadFactory;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.topology.Sizes;
import numasim.user.Pthread;
import numasim.vm.Vma;
import numasim.workloads.Touch;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;

/**
 * A memory hog as the hinting series tested with: a shell runs memhog {@code loops} times; each run is
 * {@code tasks} processes that each map their share of {@code size} anonymous memory, write every page
 * and exit, so everything they touched goes back to the guest's free lists at once.
 */
public final class Memhog implements Workload {
    private final MemhogOptions o;
    private UserEnv env;
    private Process shell;
    private final List<double[]> loops = new ArrayList<>();
    private double end;

    public Memhog(MemhogOptions o) {
        this.o = o;
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        shell = env.spawn("sh", 0);
        shell.start("sh", 0, t -> shell.nanosleep(t, o.startNs(), () -> loop(t, 0)));
    }

    private void loop(Pthread t, int i) {
        if (i == o.loops()) {
            shell.nanosleep(t, o.holdNs(), () -> {
                end = env.now();
                shell.exit(t);
            });
            return;
        }
        double t0 = env.now();
        spawn(t, i, 0, new ArrayList<>(), t0);
    }

    private void spawn(Pthread t, int i, int n, List<Process> children, double t0) {
        if (n == o.tasks()) {
            waitAll(t, i, children, 0, t0);
            return;
        }
        long share = o.size() / o.tasks();
        java.util.function.Consumer<Process> next = child -> {
            children.add(child);
            spawn(t, i, n + 1, children, t0);
        };
        if (o.bind()) {
            // numactl --cpunodebind=<n mod nodes>: the first CPU of the node to start, any of its CPUs after
            int node = n % env.topology().nodes();
            java.util.BitSet cpus = new java.util.BitSet();
            int first = -1;
            for (int c = 0; c < env.topology().cpus(); c++) {
                if (env.topology().nodeOf(c) == node) {
                    cpus.set(c);
                    first = first < 0 ? c : first;
                }
            }
            shell.fork(t, "memhog", first, cpus, (hp, c) -> hog(hp, c, share), next);
        } else {
            shell.fork(t, "memhog", (hp, c) -> hog(hp, c, share), next);
        }
    }

    private void waitAll(Pthread t, int i, List<Process> children, int n, double t0) {
        if (n == children.size()) {
            loops.add(new double[] {t0, env.now()});
            shell.nanosleep(t, i + 1 < o.loops() ? o.pauseNs() : 0, () -> loop(t, i + 1));
            return;
        }
        shell.waitChild(t, children.get(n), () -> waitAll(t, i, children, n + 1, t0));
    }

    private void hog(Process p, Pthread c, long bytes) {
        p.mmapAnon(c, bytes, Vma.VM_READ | Vma.VM_WRITE, addr -> Touch.eachPage(p, c, addr, bytes, 0, () -> p.exit(c)));
    }

    @Override
    public double limitNs() {
        return 3600e9;
    }

    @Override
    public WorkloadReport report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "memhog %s in %d process%s, %d loop%s%n", Sizes.format(o.size()), o.tasks(), o.tasks() == 1 ? "" : "es",
                o.loops(), o.loops() == 1 ? "" : "s"));
        double sum = 0;
        for (int i = 0; i < loops.size(); i++) {
            double s = (loops.get(i)[1] - loops.get(i)[0]) / 1e9;
            sum += s;
            b.append(String.format(Locale.ROOT, "loop %d: touched %s in %.3f s (%.2f GiB/s)%n", i + 1, Sizes.format(o.size()), s,
                    o.size() / (double) (1L << 30) / s));
        }
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("loops", loops.size());
        m.put("size_bytes", o.size());
        double mean = loops.isEmpty() ? 0 : sum / loops.size();
        m.put("loop_s", round(mean));
        m.put("gib_per_s", round(mean == 0 ? 0 : o.size() / (double) (1L << 30) / mean));
        m.put("elapsed_s", round(end / 1e9));
        return new WorkloadReport(b.toString(), m);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** memhog --size S [--loops N] [--tasks N] [--bind yes] [--start T] [--pause T] [--hold T]. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        WorkloadFactory.noSettings("memhog", settings);
        return new Memhog(MemhogOptions.parse(args, machine));
    }
}
