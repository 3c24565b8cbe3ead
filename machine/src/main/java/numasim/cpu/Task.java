package numasim.cpu;

/**
 * A schedulable thread (task_struct), written as an explicit state machine: it holds the continuation to
 * run when it next gets a CPU. While it runs it advances its own {@code cursor}; work between blocking
 * points is a duration, and shared state changes only at events where the cursor equals the clock.
 */
public final class Task implements numasim.user.Pthread {
    public enum State { NEW, RUNNABLE, RUNNING, BLOCKED, DEAD }

    public final int tid;
    public final int tgid;
    public final String comm;
    final Scheduler sched;
    MmContext mm;
    int cpu = -1;
    State state = State.NEW;
    double cursor;
    /** When the waker's try_to_wake_up for this task happened: it cannot run earlier (its waker may be ahead of the clock). */
    double wokenAt;
    double sliceStart;
    Runnable next;
    double userNs;
    double sysNs;
    long nvcsw;
    long nivcsw;
    /** Per-task RSS events not yet folded into the mm counters (SPLIT_RSS_COUNTING). */
    public int rssEvents;
    Runnable onExit;
    /** sched_setaffinity: the CPUs this task may run on (null: any). */
    java.util.BitSet allowed;
    /** A kernel thread (kworker): sleeps when idle and is not expected to exit. */
    boolean kthread;

    Task(Scheduler sched, int tid, int tgid, String comm, MmContext mm) {
        this.sched = sched;
        this.tid = tid;
        this.tgid = tgid;
        this.comm = comm;
        this.mm = mm;
    }

    /** The time this task has reached (at or after the simulation clock while it runs). */
    @Override
    public double cursor() {
        return cursor;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public int tid() {
        return tid;
    }

    @Override
    public String comm() {
        return comm;
    }

    /** sched_setaffinity(cpus): the task only ever runs on these CPUs from now on. */
    public void setAffinity(java.util.BitSet cpus) {
        allowed = (java.util.BitSet) cpus.clone();
    }

    boolean allows(int cpu) {
        return allowed == null || allowed.get(cpu);
    }

    public boolean kthread() {
        return kthread;
    }

    public Cpu cpuObj() {
        return sched.cpu(cpu);
    }

    public State state() {
        return state;
    }

    public MmContext mm() {
        return mm;
    }

    public double userNs() {
        return userNs;
    }

    public double sysNs() {
        return sysNs;
    }

    public long voluntarySwitches() {
        return nvcsw;
    }

    public long involuntarySwitches() {
        return nivcsw;
    }

    /** Kernel work of {@code ns} (at one hardware thread's full speed) on the current CPU. */
    public void sys(double ns) {
        double d = ns * sched.smtSlowdown(cpu) + takeIrq();
        double end = sched.advance(cpu, cursor, d);
        sysNs += sched.charged(d, end - cursor);
        cursor = end;
    }

    /** User work of {@code ns} (at one hardware thread's full speed) on the current CPU. */
    @Override
    public void user(double ns) {
        double irq = takeIrq();
        double d = ns * sched.smtSlowdown(cpu);
        double end = sched.advance(cpu, cursor, d + irq);
        double wall = end - cursor;
        userNs += sched.charged(d, wall - irq);
        sysNs += irq;
        cursor = end;
    }

    /** Kernel time spent waiting for hardware (a lock, a line, an acknowledgement) until {@code t}. */
    public void sysUntil(double t) {
        sysNs += waitUntil(t);
    }

    /** User time spent waiting for hardware (a spin on a shared word, a cache line) until {@code t}. */
    public void userUntil(double t) {
        userNs += waitUntil(t);
    }

    /** Moves the clock to {@code t} (or later, when a preempted vCPU runs again); the time charged for it. */
    private double waitUntil(double t) {
        if (t <= cursor) {
            return 0;
        }
        double end = sched.runningAt(cpu, t); // a preempted vCPU notices when the host runs it again
        double charged = sched.charged(t - cursor, end - cursor);
        cursor = end;
        return charged;
    }

    private double takeIrq() {
        Cpu c = sched.cpu(cpu);
        double irq = c.pendingIrqNs;
        c.pendingIrqNs = 0;
        return irq;
    }

    /**
     * Lets the clock catch up with this task's cursor, then runs {@code k} (unless the task is preempted
     * first, in which case {@code k} runs when it is scheduled again). One event.
     */
    @Override
    public void sync(Runnable k) {
        sched.sync(this, k);
    }

    /** True when the clock has reached the cursor: shared state may change now. */
    public boolean synced() {
        return cursor <= sched.sim.now();
    }

    /** Sleeps until {@link Scheduler#wake}; then {@code k} runs. Only at an event (cursor = clock). */
    public void block(Runnable k) {
        sched.block(this, k);
    }

    /** sched_yield: lets the CPU's next queued task run first, if there is one; then {@code k}. */
    public void yield(Runnable k) {
        sched.yield(this, k);
    }

    /** Ends the task; {@code onExit} hooks run (thread join, process exit). */
    public void exit() {
        sched.exit(this);
    }

    public void onExit(Runnable r) {
        Runnable prev = onExit;
        onExit = prev == null ? r : () -> {
            prev.run();
            r.run();
        };
    }

    @Override
    public String toString() {
        return comm + "/" + tid;
    }
}
