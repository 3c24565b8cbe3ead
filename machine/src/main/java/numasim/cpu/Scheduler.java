package numasim.cpu;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.topology.Topology;

/**
 * Per-CPU run queues with CFS-like time slices, wake-up placement on an idle CPU of the waker's socket,
 * idle CPUs pulling queued tasks, active balancing of running tasks from a core with busy SMT siblings to
 * an idle thread of a less busy core, and context switches that switch the mm (and flush the TLB, as without PCID) when
 * the next task runs another address space.
 */
public final class Scheduler {
    final Sim sim;
    private final Topology topo;
    private final Costs costs;
    private final Counters counters;
    private final Cpu[] cpus;
    private final int[] busyOnCore;
    /** Idle hardware threads per core (select_idle_core looks for a core with all of them idle). */
    private final int[] idleOnCore;
    private final int threadsPerCore;
    private final BitSet idle = new BitSet();
    /** /proc/stat's idle time: what each CPU has spent with nothing to run, and since when it is idle. */
    private double idleNs;
    private final double[] idleSince;
    private final double contextSwitch;
    private final double schedLatency;
    private final double minGranularity;
    private final List<Task> tasks = new ArrayList<>();
    private int queuedTotal;
    private int nextTid = 1;
    private final long[] nvcsw;
    private final long[] nivcsw;
    private final long[] migrations;
    private final Ipi ipi;
    private final nl.tudelft.simulation.jstats.streams.StreamInterface wakeStream;
    private final double tickPeriod;
    private final double tickCost;
    private final int[] homeLoad;
    private final int[] coreHomeLoad;
    /** sd_init's cache_nice_tries for the MC and DIE levels: active balance after tries + 3 failed attempts. */
    private static final int CACHE_NICE_TRIES = 1;
    private final double balanceInterval;
    private final int coresPerSocket;
    private final int[][] coreCpus;
    /** Per socket: when its idle CPUs next balance, and sd->nr_balance_failed. */
    private final double[] nextBalance;
    private final int[] balanceFailed;
    private final long[] activeBalances;
    /** The host's view of each guest CPU (null on bare metal). */
    private final Vcpu[] vcpus;
    private final boolean stealTime;
    private final long[] haltExits;

    public Scheduler(Sim sim, Topology topo, Costs costs, Counters counters) {
        this.sim = sim;
        this.topo = topo;
        this.costs = costs;
        this.counters = counters;
        this.cpus = new Cpu[topo.cpus()];
        this.busyOnCore = new int[topo.cores()];
        this.idleOnCore = new int[topo.cores()];
        this.idleSince = new double[topo.cpus()];
        this.threadsPerCore = topo.cpus() / topo.cores();
        this.homeLoad = new int[topo.cpus()];
        this.coreHomeLoad = new int[topo.cores()];
        int sockets = topo.spec().sockets();
        this.coresPerSocket = topo.spec().coresPerSocket();
        this.coreCpus = new int[topo.cores()][threadsPerCore];
        this.nextBalance = new double[sockets];
        this.balanceFailed = new int[sockets];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(i, topo.nodeOf(i), topo.coreOf(i), new Tlb(costs));
            idle.set(i);
            coreCpus[topo.coreOf(i)][idleOnCore[topo.coreOf(i)]++] = i;
        }
        this.balanceInterval = costs.ns(Cost.BALANCE_INTERVAL);
        this.activeBalances = counters.counter(SchedEvent.ACTIVE_BALANCES);
        this.contextSwitch = costs.ns(Cost.CONTEXT_SWITCH);
        this.schedLatency = costs.ns(Cost.SCHED_LATENCY);
        this.minGranularity = costs.ns(Cost.SCHED_MIN_GRANULARITY);
        this.nvcsw = counters.counter(SchedEvent.VOLUNTARY_SWITCHES);
        this.nivcsw = counters.counter(SchedEvent.INVOLUNTARY_SWITCHES);
        this.migrations = counters.counter(SchedEvent.MIGRATIONS);
        this.ipi = new Ipi(topo, costs, sim.streams().get("ipi"), counters);
        this.wakeStream = sim.streams().get("idle-wakeup");
        this.tickPeriod = 1e9 / costs.raw(Cost.TICK_HZ);
        this.tickCost = costs.ns(Cost.TICK);
        var phases = sim.streams().get("tick");
        for (Cpu c : cpus) {
            c.tickPhase = phases.nextDouble() * tickPeriod;
        }
        var kvm = topo.spec().kvm();
        this.stealTime = kvm != null && kvm.stealTime();
        this.haltExits = counters.counter(KvmEvent.HALT_EXITS);
        if (kvm == null) {
            this.vcpus = null;
        } else {
            var hostPhase = sim.streams().get("host-sched");
            this.vcpus = new Vcpu[cpus.length];
            for (int i = 0; i < cpus.length; i++) {
                vcpus[i] = new Vcpu(costs, hostPhase.nextDouble(), counters);
            }
        }
    }

    /** The host's view of guest CPU {@code cpu}, or null on bare metal. */
    public Vcpu vcpu(int cpu) {
        return vcpus == null ? null : vcpus[cpu];
    }

    /** When {@code work} ns of CPU time begun at {@code from} on {@code cpu} end (a vCPU's preempted spans do not count). */
    double advance(int cpu, double from, double work) {
        if (vcpus == null) {
            return from + work;
        }
        Vcpu v = vcpus[cpu];
        v.prune(sim.now());
        return v.advance(from, work);
    }

    /** The first time at or after {@code t} at which {@code cpu} runs guest code. */
    public double runningAt(int cpu, double t) {
        if (vcpus == null) {
            return t;
        }
        Vcpu v = vcpus[cpu];
        if (v.halted()) {
            return t;
        }
        v.prune(sim.now());
        return v.runningAt(t);
    }

    /** What a task is charged for a span of {@code wall} ns in which it did {@code work} ns: steal time takes the rest. */
    double charged(double work, double wall) {
        return vcpus == null || stealTime ? work : wall;
    }

    /**
     * An interrupt reaches idle {@code cpu} at {@code t}: when it runs again. Bare metal: the C-state exit;
     * a guest: the host runs the halted vCPU again ({@link Vcpu#wake}).
     */
    public double resumeIdle(int cpu, double t) {
        if (vcpus == null) {
            return t + idleWakeup();
        }
        return vcpus[cpu].wake(t);
    }

    /** The idle CPU that handled an interrupt until {@code t} halts again (nothing else came to run). */
    public void haltAfter(int cpu, double t) {
        if (vcpus != null && cpus[cpu].idle()) {
            vcpus[cpu].halt(t);
        }
    }

    public Cpu cpu(int i) {
        return cpus[i];
    }

    public int cpus() {
        return cpus.length;
    }

    public Topology topology() {
        return topo;
    }

    public Sim sim() {
        return sim;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /** A new task (fork/clone). It runs {@code start} once placed on a CPU. */
    public Task create(int tgid, String comm, MmContext mm) {
        Task t = new Task(this, nextTid++, tgid, comm, mm);
        tasks.add(t);
        return t;
    }

    /** A kernel thread (no mm: it runs on whatever mm the CPU has loaded); start it with {@link #start}. */
    public Task createKthread(String comm) {
        Task t = create(0, comm, null);
        t.kthread = true;
        return t;
    }

    /** Wakes a sleeping kernel thread on {@code cpu} (the worker of a work item queued there). */
    public double wakeOn(Task t, int cpu) {
        if (t.cpu != cpu) {
            moveHome(t, t.cpu, cpu);
            t.cpu = cpu;
        }
        return wake(t, cpu);
    }

    public int allocTgid() {
        return nextTid++;
    }

    /**
     * Makes {@code t} runnable on the least loaded CPU (fork balancing: fewest tasks on the CPU, then on
     * its core, then lowest id) or on {@code cpuHint} if it is not negative.
     */
    public void start(Task t, int cpuHint, Runnable start) {
        int target = cpuHint >= 0 ? idleAllowed(t, cpuHint) : idlestCpu();
        moveHome(t, -1, target);
        t.cpu = target;
        t.next = start;
        t.state = Task.State.RUNNABLE;
        enqueue(cpus[target], t);
    }

    /**
     * wake_up_new_task's select_idle_sibling: {@code hint} if it is idle, else an idle CPU the task may run
     * on, on the same core first, then the same socket; else {@code hint}.
     */
    private int idleAllowed(Task t, int hint) {
        if (cpus[hint].idle() || t.allowed == null) {
            return hint;
        }
        int best = -1;
        for (int i = idle.nextSetBit(0); i >= 0; i = idle.nextSetBit(i + 1)) {
            if (!cpus[i].idle() || !t.allows(i)) {
                continue;
            }
            if (topo.coreOf(i) == topo.coreOf(hint)) {
                return i;
            }
            if (best < 0 && topo.socketOf(i) == topo.socketOf(hint)) {
                best = i;
            }
        }
        return best >= 0 ? best : hint;
    }

    private int idlestCpu() {
        int best = 0;
        long bestKey = Long.MAX_VALUE;
        for (Cpu c : cpus) {
            long key = ((long) homeLoad[c.id] << 40) | ((long) coreHomeLoad[c.core] << 20) | c.id;
            if (key < bestKey) {
                bestKey = key;
                best = c.id;
            }
        }
        return best;
    }

    /** Live tasks placed on a CPU (blocked ones included), for fork placement. */
    private void moveHome(Task t, int from, int to) {
        if (!t.kthread) { // a sleeping kworker is no load for fork balancing
            moveHome(from, to);
        }
    }

    private void moveHome(int from, int to) {
        if (from >= 0) {
            homeLoad[from]--;
            coreHomeLoad[cpus[from].core]--;
        }
        if (to >= 0) {
            homeLoad[to]++;
            coreHomeLoad[cpus[to].core]++;
        }
    }

    void sync(Task t, Runnable k) {
        double at = Math.max(t.cursor, sim.now());
        sim.at(at, () -> {
            Cpu c = cpus[t.cpu];
            if (!c.runQueue.isEmpty() && sim.now() - t.sliceStart >= slice(c)) {
                preempt(t, c, k);
            } else if (threadsPerCore == 1 || t.kthread || !activeBalance(t, c, k)) { // per-CPU kworkers are bound
                k.run();
            }
        });
    }

    /**
     * sched_yield's schedule(): at {@code t}'s time, the next queued task of its CPU runs and {@code t}
     * goes to the back of the queue (a switch of a runnable task: nivcsw); with none queued, {@code t}
     * goes on.
     */
    void yield(Task t, Runnable k) {
        double at = Math.max(t.cursor, sim.now());
        sim.at(at, () -> {
            Cpu c = cpus[t.cpu];
            if (c.runQueue.isEmpty()) {
                k.run();
            } else {
                preempt(t, c, k);
            }
        });
    }

    private double slice(Cpu c) {
        return Math.max(schedLatency / (c.runQueue.size() + 1), minGranularity);
    }

    /**
     * The idle CPUs of {@code t}'s socket balance every balance_interval. While a core runs at least two
     * more busy threads than another core of the socket that has an idle thread, each attempt fails (the
     * tasks are running, nothing is queued to detach) until nr_balance_failed exceeds cache_nice_tries + 2;
     * then the stopper preempts a running task of the busiest core and the idle thread runs it. Returns
     * true when {@code t} was moved ({@code k} then runs on the new CPU).
     */
    private boolean activeBalance(Task t, Cpu c, Runnable k) {
        int s = topo.socketOf(c.id);
        double now = sim.now();
        if (now < nextBalance[s]) {
            return false;
        }
        int busiest = 0;
        int target = -1;
        for (int core = s * coresPerSocket; core < (s + 1) * coresPerSocket; core++) {
            busiest = Math.max(busiest, busyOnCore[core]);
            if (idleOnCore[core] > 0 && (target < 0 || busyOnCore[core] < busyOnCore[cpus[target].core])) {
                int cpu = idleThreadOf(core, t);
                target = cpu >= 0 ? cpu : target;
            }
        }
        if (target < 0 || busiest - busyOnCore[cpus[target].core] < 2) {
            nextBalance[s] = now + balanceInterval;
            balanceFailed[s] = 0; // balanced
            return false;
        }
        if (busyOnCore[c.core] - busyOnCore[cpus[target].core] < 2) {
            return false; // the attempt is made when a task of a busier core next runs kernel code
        }
        nextBalance[s] = now + balanceInterval;
        if (++balanceFailed[s] <= CACHE_NICE_TRIES + 2) {
            return false;
        }
        balanceFailed[s] = CACHE_NICE_TRIES + 1;
        activeBalances[0]++;
        migrations[0]++;
        t.nivcsw++;
        nivcsw[0]++;
        t.state = Task.State.RUNNABLE;
        t.next = k;
        release(c);
        moveHome(t, c.id, target);
        t.cpu = target;
        enqueue(cpus[target], t, resumeIdle(target, now + ipi.latency(c.id, target)) - now); // the stopper's IPI
        return true;
    }

    private int idleThreadOf(int core, Task t) {
        for (int cpu : coreCpus[core]) {
            if (cpus[cpu].idle() && t.allows(cpu)) {
                return cpu;
            }
        }
        return -1;
    }

    private void preempt(Task t, Cpu c, Runnable k) {
        t.nivcsw++;
        nivcsw[0]++;
        t.state = Task.State.RUNNABLE;
        t.next = k;
        c.runQueue.addLast(t);
        queuedTotal++;
        release(c);
    }

    void block(Task t, Runnable k) {
        if (t.cursor > sim.now()) {
            throw new IllegalStateException(t + " blocks ahead of the clock (cursor " + t.cursor + ", now " + sim.now() + ")");
        }
        t.nvcsw++;
        nvcsw[0]++;
        t.state = Task.State.BLOCKED;
        t.next = k;
        release(cpus[t.cpu]);
    }

    /**
     * Wakes a blocked task (try_to_wake_up) at the current time: select_idle_sibling picks its previous
     * CPU if idle, else a CPU of that socket on a core whose hardware threads are all idle
     * (select_idle_core), else any idle CPU of the socket, else the previous CPU's queue. Returns the
     * waker's cost (a reschedule IPI to an idle remote CPU).
     */
    public double wake(Task t, int wakerCpu) {
        return wake(t, wakerCpu, sim.now());
    }

    /**
     * try_to_wake_up by a running task: it happens when the waker's own time gets there, after what it
     * did before (wake_up_q wakes a batch one task after the other), so the wakee runs no earlier.
     */
    public double wake(Task t, Task waker) {
        return wake(t, waker.cpu, Math.max(sim.now(), waker.cursor));
    }

    private double wake(Task t, int wakerCpu, double at) {
        if (t.state != Task.State.BLOCKED) {
            throw new IllegalStateException("waking " + t + " in state " + t.state);
        }
        int prev = t.cpu;
        int target = prev;
        if (!cpus[prev].idle()) {
            int socket = topo.socketOf(prev);
            int anyIdle = -1;
            for (int i = idle.nextSetBit(0); i >= 0; i = idle.nextSetBit(i + 1)) {
                if (topo.socketOf(i) != socket || !cpus[i].idle() || !t.allows(i)) {
                    continue;
                }
                if (idleOnCore[cpus[i].core] == threadsPerCore) {
                    anyIdle = i;
                    break;
                }
                if (anyIdle < 0) {
                    anyIdle = i;
                    if (threadsPerCore == 1) {
                        break;
                    }
                }
            }
            if (anyIdle >= 0) {
                target = anyIdle;
            }
        }
        if (target != prev) {
            migrations[0]++;
            moveHome(t, prev, target);
        }
        t.cpu = target;
        t.state = Task.State.RUNNABLE;
        Cpu c = cpus[target];
        double wakerCost = 0;
        double latency = 0;
        t.wokenAt = at;
        if (c.current == null && target != wakerCpu && wakerCpu >= 0) {
            wakerCost = ipi.sendCost();
            latency = resumeIdle(target, at + ipi.latency(wakerCpu, target)) - sim.now();
            ipi.sent(Ipi.Kind.RESCHEDULE);
            ipi.received();
        }
        enqueue(c, t, latency);
        return wakerCost;
    }

    /** How long an idle CPU takes to run again once interrupted (its C-state exit), drawn from the preset's spread if it gives one. */
    private double idleWakeup() {
        return costs.sample(Cost.IDLE_WAKEUP, wakeStream);
    }

    /** Sending IPIs: their costs, latencies and counts. */
    public Ipi ipi() {
        return ipi;
    }

    void exit(Task t) {
        t.state = Task.State.DEAD;
        moveHome(t, t.cpu, -1);
        Cpu c = cpus[t.cpu];
        release(c);
        if (t.onExit != null) {
            t.onExit.run();
        }
    }

    private void enqueue(Cpu c, Task t) {
        enqueue(c, t, 0);
    }

    private void enqueue(Cpu c, Task t, double latency) {
        if (t.state == Task.State.RUNNABLE && c.current == null) {
            switchTo(c, t, latency);
        } else {
            c.runQueue.addLast(t);
            queuedTotal++;
        }
    }

    /** The task on {@code c} stopped running (blocked, preempted or exited): run the next one. */
    private void release(Cpu c) {
        c.current = null;
        busyOnCore[c.core]--;
        Task next = c.runQueue.pollFirst();
        if (next != null) {
            queuedTotal--;
        } else if (queuedTotal > 0) {
            next = steal(c);
        }
        if (next != null) {
            switchTo(c, next, 0);
        } else {
            idle.set(c.id);
            idleSince[c.id] = sim.now();
            idleOnCore[c.core]++;
            if (vcpus != null) {
                haltExits[0]++;
                vcpus[c.id].halt(sim.now());
            }
        }
    }

    /** Idle time of every CPU so far, the current idle periods included (/proc/stat's idle, summed). */
    public double idleNs() {
        double sum = idleNs;
        for (int i = idle.nextSetBit(0); i >= 0; i = idle.nextSetBit(i + 1)) {
            sum += sim.now() - idleSince[i];
        }
        return sum;
    }

    /**
     * newidle balancing: pull the last queued task of the busiest run queue, own socket first, among the
     * tasks whose affinity allows {@code c}.
     */
    private Task steal(Cpu c) {
        Cpu busiest = null;
        Task pick = null;
        for (int pass = 0; pass < 2 && busiest == null; pass++) {
            for (Cpu o : cpus) {
                boolean sameSocket = topo.socketOf(o.id) == topo.socketOf(c.id);
                if ((pass == 0) == sameSocket && !o.runQueue.isEmpty()
                        && (busiest == null || o.runQueue.size() > busiest.runQueue.size())) {
                    Task movable = lastAllowed(o, c.id);
                    if (movable != null) {
                        busiest = o;
                        pick = movable;
                    }
                }
            }
        }
        if (busiest == null) {
            return null;
        }
        Task t = pick;
        busiest.runQueue.removeLastOccurrence(t);
        queuedTotal--;
        migrations[0]++;
        moveHome(t, t.cpu, c.id);
        t.cpu = c.id;
        return t;
    }

    private static Task lastAllowed(Cpu o, int cpu) {
        for (java.util.Iterator<Task> it = o.runQueue.descendingIterator(); it.hasNext();) {
            Task t = it.next();
            if (t.allows(cpu)) {
                return t;
            }
        }
        return null;
    }

    private void switchTo(Cpu c, Task t, double latency) {
        if (c.current == null) {
            busyOnCore[c.core]++;
            if (idle.get(c.id)) {
                idleOnCore[c.core]--;
                idleNs += sim.now() - idleSince[c.id];
            }
            idle.clear(c.id);
        }
        armTick(c);
        c.current = t;
        t.cpu = c.id;
        t.state = Task.State.RUNNING;
        c.contextSwitches++;
        counters.add(SchedEvent.CONTEXT_SWITCHES, 1);
        double cost = contextSwitch;
        if (t.mm != c.loadedMm && t.mm != null) {
            loadMm(c, t.mm);
            cost += costs.ns(Cost.FULL_FLUSH);
        }
        t.cursor = Math.max(sim.now() + latency, t.wokenAt);
        if (vcpus != null && vcpus[c.id].halted()) {
            t.cursor = vcpus[c.id].wake(t.cursor); // a new task placed on a halted vCPU (its reschedule IPI)
        }
        t.sys(cost);
        Runnable k = t.next;
        t.next = null;
        sim.at(t.cursor, () -> {
            t.sliceStart = sim.now();
            k.run();
        });
    }

    /** Starts the periodic tick of a CPU that became busy, at its own phase (NO_HZ: idle CPUs do not tick). */
    private void armTick(Cpu c) {
        if (c.ticking) {
            return;
        }
        c.ticking = true;
        double now = sim.now();
        double next = Math.floor((now - c.tickPhase) / tickPeriod + 1) * tickPeriod + c.tickPhase;
        sim.at(next, () -> tick(c));
    }

    /** A tick on a busy CPU: the interrupt's time goes to the running task; an idle CPU stops ticking. */
    private void tick(Cpu c) {
        if (c.current == null) {
            c.ticking = false;
            return;
        }
        c.chargeIrq(tickCost);
        counters.add(SchedEvent.TICKS, 1);
        sim.at(sim.now() + tickPeriod, () -> tick(c));
    }

    /**
     * A running task that starts or stops spinning on a lock owner: a PAUSE loop leaves the core's
     * pipelines to its SMT siblings, so while it spins it does not count as a busy hardware thread.
     */
    public void spinning(Task t, boolean on) {
        busyOnCore[cpus[t.cpu].core] += on ? -1 : 1;
    }

    /** Core slowdown for work on {@code cpu}: busy siblings share the core's throughput. */
    double smtSlowdown(int cpu) {
        int busy = busyOnCore[cpus[cpu].core];
        return busy <= 1 ? 1.0 : busy / costs.smtThroughput(busy);
    }

    /** execve gave the running task {@code t} a new address space: its CPU switches to it now. */
    public double switchMm(Task t, MmContext mm) {
        t.mm = mm;
        loadMm(cpus[t.cpu], mm);
        return costs.ns(Cost.FULL_FLUSH);
    }

    /**
     * switch_mm: {@code c} now runs on {@code next}'s page tables (null: init_mm) and is in its cpumask
     * instead of the old mm's; the CR3 write, without PCID, drops the whole TLB.
     */
    private void loadMm(Cpu c, MmContext next) {
        if (c.loadedMm != null) {
            c.loadedMm.cpuUnloaded(c.id);
        }
        c.loadedMm = next;
        if (next != null) {
            next.cpuLoaded(c.id);
        }
        c.tlb.flushAll();
    }

    /**
     * A flush IPI reached {@code c} while it ran no user task (idle or a kernel thread: lazy TLB mode).
     * Rather than flush for an mm it is not using, the CPU switches to init_mm and so leaves the mm's
     * cpumask: later shootdowns of that mm skip it until one of its tasks runs here again.
     */
    public void leaveLazyMm(Cpu c, int mmId) {
        boolean lazy = c.current == null || c.current.mm == null;
        if (lazy && c.loadedMm != null && c.loadedMm.id() == mmId) {
            loadMm(c, null);
            counters.add(TlbEvent.LAZY_LEAVE, 1);
        }
    }

    /** An mm died: CPUs that still had it loaded lazily forget it. */
    public void dropMm(MmContext mm) {
        for (Cpu c : cpus) {
            if (c.loadedMm == mm) {
                c.loadedMm = null;
            }
        }
    }

    /** Invariant: no task left runnable or running at the end of a run that should have drained. */
    public List<Task> liveTasks() {
        return tasks.stream().filter(t -> t.state != Task.State.DEAD && !t.kthread).toList();
    }
}
