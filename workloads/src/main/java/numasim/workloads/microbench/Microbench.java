package numasim.workloads.microbench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.user.Pthread;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/**
 * One primitive measured as its microbenchmark measures it: a loop of the operation, the elapsed time
 * divided by the count (lmbench's way). Nothing reads the machine's parameters back: what it prints is
 * what the emulated kernel took.
 */
public final class Microbench implements Workload {
    private final Probe probe;
    private final int iterations;
    private final int cpus;
    private double nsPerOp = Double.NaN;
    private long ops;

    private Microbench(Probe probe, int iterations, int cpus) {
        this.probe = probe;
        this.iterations = iterations;
        this.cpus = cpus;
    }

    /** {@code microbench PROBE [-N iterations]}. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        WorkloadFactory.noSettings("microbench", settings);
        if (args.isEmpty()) {
            throw new ConfigException("microbench", "name a probe: " + String.join(", ", Probe.names()));
        }
        Probe p = Probe.byName(args.get(0));
        int n = p.defaultIterations;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("-N") && i + 1 < args.size()) {
                try {
                    n = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new ConfigException("microbench -N", "must be a whole number, got '" + args.get(i) + "'");
                }
                if (n < 1 || n > 1_000_000) {
                    throw new ConfigException("microbench -N", "must be between 1 and 1000000, got " + n);
                }
            } else {
                throw new ConfigException("microbench", "unknown option '" + args.get(i) + "' (usage: microbench PROBE [-N iterations])");
            }
        }
        if (p.helpers > 0 && machine.cpus() < 2) {
            throw new ConfigException("microbench " + p.key, "needs at least 2 CPUs");
        }
        return new Microbench(p, n, machine.cpus());
    }

    @Override
    public void start(UserEnv env) {
        probe.body.accept(new Run(env, this));
    }

    @Override
    public double limitNs() {
        return 600e9;
    }

    @Override
    public WorkloadReport report() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("probe", probe.key);
        m.put("ops", ops);
        m.put("ns_per_op", nsPerOp);
        String out = String.format(Locale.ROOT, "%s: %d ops, %.1f ns per op (%.3f us)%n", probe.key, ops, nsPerOp, nsPerOp / 1000);
        return new WorkloadReport(out, m);
    }

    /** What a probe's body works with: the user environment, the loop count, and where its result goes. */
    public static final class Run {
        public final UserEnv env;
        public final int iterations;
        public final int cpus;
        private final Microbench owner;

        Run(UserEnv env, Microbench owner) {
            this.env = env;
            this.iterations = owner.iterations;
            this.cpus = owner.cpus;
            this.owner = owner;
        }

        /** The measured loop took {@code elapsedNs} for {@code ops} operations. */
        public void result(double elapsedNs, long ops) {
            owner.ops = ops;
            owner.nsPerOp = elapsedNs / ops;
        }

        /** Repeats {@code op} {@code n} times on {@code t}, then {@code k} gets the elapsed time. */
        public void loop(Pthread t, int n, Op op, java.util.function.DoubleConsumer k) {
            double start = t.cursor();
            step(t, n, op, () -> k.accept(t.cursor() - start));
        }

        private void step(Pthread t, int left, Op op, Runnable k) {
            if (left == 0) {
                k.run();
                return;
            }
            op.run(() -> t.sync(() -> step(t, left - 1, op, k))); // an event per round: no recursion however the op ends
        }

        /** A process with one thread on CPU 0 running {@code body}. */
        public Process main(java.util.function.BiConsumer<Process, Pthread> body) {
            Process p = env.spawn("microbench", 0);
            p.start("microbench", 0, t -> body.accept(p, t));
            return p;
        }
    }

    /** One operation of a loop; it calls {@code next} when done. */
    public interface Op {
        void run(Runnable next);
    }
}
