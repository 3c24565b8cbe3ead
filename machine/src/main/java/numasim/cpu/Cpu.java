package numasim.cpu;

import java.util.ArrayDeque;

/** A hardware thread: its run queue, the task on it, its TLB and the mm it has loaded. */
public final class Cpu {
    public final int id;
    public final int node;
    public final int core;
    final ArrayDeque<Task> runQueue = new ArrayDeque<>();
    Task current;
    MmContext loadedMm;
    final Tlb tlb;
    /** Interrupt time (IPI handlers) charged to whatever runs next on this CPU. */
    double pendingIrqNs;
    long contextSwitches;
    /** The tick timer is armed (the CPU was busy at its last tick). */
    boolean ticking;
    /** Phase of this CPU's tick within the tick period, ns (ticks are not aligned across CPUs). */
    double tickPhase;

    Cpu(int id, int node, int core, Tlb tlb) {
        this.id = id;
        this.node = node;
        this.core = core;
        this.tlb = tlb;
    }

    public Tlb tlb() {
        return tlb;
    }

    public Task current() {
        return current;
    }

    public boolean idle() {
        return current == null && runQueue.isEmpty();
    }

    public int queued() {
        return runQueue.size();
    }

    public MmContext loadedMm() {
        return loadedMm;
    }

    /** An interrupt handler ran here for {@code ns}: the running (or next) task pays it as system time. */
    public void chargeIrq(double ns) {
        pendingIrqNs += ns;
    }
}
