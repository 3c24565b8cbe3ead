package numasim.hinting;

import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.host.GuestMemory;
import numasim.mm.PageState;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sim.InvariantViolation;
import numasim.sim.Sim;
import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * virtio-balloon's free page reporting queue, guest driver and host device together: the guest adds one
 * buffer per block, kicks the host (a VM exit) once per virtqueue-full, and sleeps until the host has
 * processed every buffer (discarding the backing) and raised the used-buffer interrupt.
 */
final class Balloon {
    /** Told of each block once the host has processed it. */
    interface Processed {
        void processed(long pfn, int order);
    }

    private final Sim sim;
    private final Scheduler sched;
    private final Costs costs;
    private final GuestMemory guest;
    private final PhysMem mem;
    private long kicks;
    private long buffers;

    Balloon(Sim sim, Scheduler sched, Costs costs, GuestMemory guest, PhysMem mem) {
        this.mem = mem;
        this.sim = sim;
        this.sched = sched;
        this.costs = costs;
        this.guest = guest;
    }

    /** Reports {@code n} blocks synchronously: {@code w} sleeps until the host acknowledges; then {@code k}. */
    void report(Task w, long[] pfns, int[] orders, int n, Processed each, Runnable k) {
        int vq = guest.host().spec().virtqueueSize();
        int chunks = (n + vq - 1) / vq;
        w.sys(n * costs.ns(Cost.VIRTQUEUE_ADD));
        for (int c = 0; c < chunks; c++) {
            w.sys(sched.ipi().sendCost()); // the kick is an MMIO write that exits to the host
        }
        kicks += chunks;
        buffers += n;
        long[] p = pfns; // fresh arrays from the caller, one per report
        int[] o = orders;
        w.sync(() -> {
            // the host (QEMU's thread for this guest) handles the buffers in order, chunk by chunk
            double hostNs = chunks * guest.host().spec().notifyNs();
            for (int i = 0; i < n; i++) {
                hostNs += guest.discardCost(p[i], 1L << o[i]);
            }
            sim.after(hostNs, () -> {
                for (int i = 0; i < n; i++) {
                    Zone z = mem.zoneOf(p[i]);
                    byte st = z.state((int) (p[i] - z.startPfn));
                    if (st != PageState.ISOLATED) {
                        // the host may only drop what the guest has taken off its free lists
                        throw new InvariantViolation("host discarded pfn " + p[i] + " (order " + o[i] + ") that the guest has " + PageState.name(st));
                    }
                    guest.discard(p[i], 1L << o[i]);
                    each.processed(p[i], o[i]);
                }
                sched.wake(w, -1);
            });
            w.block(k);
        });
    }

    long kicks() {
        return kicks;
    }

    long buffers() {
        return buffers;
    }
}
