package numasim.workloads.willitscale;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.kernel.WaitQueue;
import numasim.topology.Topology;
import numasim.user.Pthread;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;

/**
 * The will-it-scale harness (main.c): a parent makes {@code -t} tasks (threads of its own process, or
 * forked processes), task i bound to core i mod cores (hardware thread with -m), all waiting on one pipe
 * until the parent writes to it. Then every second the parent sums each task's counter difference and
 * prints min, max and total; after 5 warm-up samples it prints "measurement", adds up the next {@code -s}
 * samples (the sixth sample is still left out, as main.c counts) and prints their average. LKP reports
 * per_thread_ops / per_process_ops = average / tasks.
 */
public final class WillItScale implements Workload, Harness {
    static final int WARMUP_ITERATIONS = 5;

    private final WillItScaleOptions o;
    private final Testcase tc;
    private UserEnv env;
    private Process parent;
    private WaitQueue start;
    private long[] counts;
    private long[] prev;
    private boolean stopped;
    private boolean released;
    private int iterations;
    private long total;
    private final List<long[]> samples = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private long average = -1;
    private double measureStartNs;
    private double measureEndNs;
    private double startNs;
    private double idleAtStart;

    WillItScale(WillItScaleOptions o) {
        this.o = o;
        this.tc = Testcases.create(o.testcase());
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        this.startNs = env.now();
        this.idleAtStart = env.procStatIdleNs();
        this.counts = new long[o.tasks()];
        this.prev = new long[o.tasks()];
        this.start = env.waitQueue();
        this.parent = env.spawn(o.testcase() + (o.threads() ? "_threads" : "_processes"), 0);
        parent.start(parent.comm, 0, this::main);
    }

    @Override
    public double limitNs() {
        return (o.iterations() + WARMUP_ITERATIONS + 4) * o.sampleNs() * 4 + 60e9;
    }

    @Override
    public UserEnv env() {
        return env;
    }

    @Override
    public int tasks() {
        return o.tasks();
    }

    @Override
    public void add(int nr, long n) {
        counts[nr] += n;
    }

    @Override
    public boolean stopped() {
        return stopped;
    }

    // ---- the parent ------------------------------------------------------------------------------

    private void main(Pthread t) {
        tc.prepare(this, parent, t, () -> spawn(t, 0));
    }

    /** hwloc: task i goes to core (or hardware thread with -m) i mod their number. */
    private BitSet binding(int i) {
        Topology topo = env.topology();
        BitSet mask = new BitSet();
        if (o.smtAffinity()) {
            mask.set(i % topo.cpus());
            return mask;
        }
        int core = coreByIndex(i % topo.cores());
        for (int c = 0; c < topo.cpus(); c++) {
            if (topo.coreOf(c) == core) {
                mask.set(c);
            }
        }
        return mask;
    }

    /** The i-th core in hwloc's logical order (by socket, then core), as a topology core id. */
    private int coreByIndex(int i) {
        Topology topo = env.topology();
        int seen = 0;
        BitSet done = new BitSet();
        for (int c = 0; c < topo.cpus(); c++) {
            int core = topo.coreOf(c);
            if (!done.get(core)) {
                done.set(core);
                if (seen++ == i) {
                    return core;
                }
            }
        }
        throw new IllegalStateException("no core " + i);
    }

    private void spawn(Pthread t, int i) {
        if (i == o.tasks()) {
            release(t);
            return;
        }
        BitSet mask = binding(i);
        int cpu = mask.nextSetBit(0);
        String comm = parent.comm + "-" + i;
        if (o.threads()) {
            parent.clone(t, comm, cpu, mask, task -> waitForStart(parent, task, i), task -> spawn(t, i + 1));
        } else {
            parent.fork(t, comm, cpu, mask, (cp, task) -> waitForStart(cp, task, i), child -> spawn(t, i + 1));
        }
    }

    /** testcase_trampoline: poll() on the start pipe, then the test's loop. */
    private void waitForStart(Process p, Pthread task, int nr) {
        if (released) { // the pipe already holds the byte: poll returns at once
            tc.run(this, p, task, nr);
            return;
        }
        start.await(task, () -> tc.run(this, p, task, nr));
    }

    private void release(Pthread t) {
        out.append("testcase:").append(tc.description()).append('\n');
        out.append("warmup\n");
        released = true;
        start.wakeAll(t); // write(fd[1]): every poller wakes
        t.sync(() -> parent.nanosleep(t, o.sampleNs(), () -> sample(t)));
    }

    private void sample(Pthread t) {
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < counts.length; i++) {
            long diff = counts[i] - prev[i];
            min = Math.min(min, diff);
            max = Math.max(max, diff);
            sum += diff;
            prev[i] = counts[i];
        }
        // the harness's samples are one second; numasim's shorter ones print per second all the same
        out.append("min:").append(perSecond(min)).append(" max:").append(perSecond(max)).append(" total:").append(perSecond(sum)).append('\n');
        samples.add(new long[] {min, max, sum});
        if (iterations == WARMUP_ITERATIONS) {
            out.append("measurement\n");
            measureStartNs = env.now();
        }
        if (iterations++ > WARMUP_ITERATIONS) {
            total += sum;
        }
        if (iterations > o.iterations() + WARMUP_ITERATIONS) {
            average = perSecond(total / o.iterations());
            out.append("average:").append(average).append('\n');
            measureEndNs = env.now();
            stopped = true; // kill_tasks()
            parent.exit(t);
            return;
        }
        parent.nanosleep(t, o.sampleNs(), () -> sample(t));
    }

    private long perSecond(long perSample) {
        return Math.round(perSample * 1e9 / o.sampleNs());
    }

    // ---- Harness ------------------------------------------------------------------------------------

    @Override
    public void newTask(Process p, Pthread t, String comm, BiConsumer<Process, Pthread> body, Runnable k) {
        BitSet mask = bindingOf(t);
        if (o.threads()) {
            p.clone(t, comm, t.cpu(), mask, task -> body.accept(p, task), task -> k.run());
        } else {
            p.fork(t, comm, t.cpu(), mask, body, child -> k.run());
        }
    }

    private BitSet bindingOf(Pthread t) {
        for (int i = 0; i < o.tasks(); i++) {
            BitSet m = binding(i);
            if (m.get(t.cpu())) {
                return m;
            }
        }
        return binding(0);
    }

    // ---- report ------------------------------------------------------------------------------------

    @Override
    public WorkloadReport report() {
        if (average < 0) {
            throw new IllegalStateException("will-it-scale did not finish its samples");
        }
        String per = o.threads() ? "per_thread_ops" : "per_process_ops";
        // the harness takes every sample as one second; the parent's wake-up can come late on a busy CPU,
        // so rates per second divide by the time the measured samples really spanned
        double seconds = (measureEndNs - measureStartNs) / 1e9;
        double opsPerSecond = total / seconds;
        double perTask = opsPerSecond / o.tasks();
        StringBuilder text = new StringBuilder(out);
        text.append(String.format(java.util.Locale.ROOT, "%nwill-it-scale.%s: %.0f%n", per, perTask));
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("testcase", o.testcase());
        m.put("mode", o.threads() ? "threads" : "processes");
        m.put("tasks", o.tasks());
        m.put("nr_task_percent", Math.round(100.0 * o.tasks() / env.topology().cpus()));
        m.put("sample_ms", o.sampleNs() / 1e6);
        m.put("average", average);
        m.put("ops_per_s", opsPerSecond);
        m.put(per, perTask);
        m.put("samples_total", samples.stream().map(s -> perSecond(s[2])).toList());
        m.put("idle_pct", 100.0 * (env.procStatIdleNs() - idleAtStart) / (env.topology().cpus() * (env.now() - startNs)));
        m.put("measured_s", (measureEndNs - measureStartNs) / 1e9);
        return new WorkloadReport(text.toString(), m);
    }

    /** will-it-scale TESTCASE [--mode processes|threads] [--tasks N | -t N] [-s N] [-m] [--sample-ms MS]. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        if (!settings.isEmpty()) {
            String key = settings.keySet().iterator().next();
            throw new ConfigException("set." + key, "will-it-scale has no model settings");
        }
        return new WillItScale(WillItScaleOptions.parse(args));
    }
}
