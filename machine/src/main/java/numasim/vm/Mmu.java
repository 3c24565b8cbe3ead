package numasim.vm;

import numasim.cpu.Task;
import numasim.cpu.Tlb;
import numasim.cpu.TlbEvent;
import numasim.topology.Cost;

/**
 * A user-mode load or store as the hardware performs it: TLB look-up, page walk on a miss (two-dimensional
 * in a guest), and a page fault when the walk finds no usable PTE. After the fault the access is retried.
 */
public final class Mmu {
    private final VmEnv env;
    private final Fault fault;
    private final double stlbHit;
    private final double walk;
    private final long[] tlbMisses;

    /** The signal a fault ends in: SIGSEGV, or SIGBUS when {@code sigbus}. */
    public interface Signal {
        void raise(long addr, boolean sigbus);
    }

    Mmu(VmEnv env, Fault fault) {
        this.env = env;
        this.fault = fault;
        this.stlbHit = env.costs().ns(Cost.TLB_STLB_HIT);
        this.walk = env.costs().raw(Cost.WALK_REFS) * env.costs().ns(Cost.WALK_REF);
        this.tlbMisses = env.counters().counter(TlbEvent.MISSES);
    }

    /**
     * Accesses {@code addr}. Returns true if it completed without a fault (the cost is on the task's
     * cursor); false if it faulted, in which case {@code retry} runs once the fault is handled (it should
     * perform the access again), or {@code fatal} if the fault ends in a signal.
     */
    public boolean access(Task t, Mm mm, long addr, boolean write, Runnable retry, Signal fatal) {
        long vpn = addr >>> env.pageShift();
        Tlb tlb = env.sched().cpu(t.cpu()).tlb();
        Tlb.Hit hit = tlb.lookup(mm.id(), vpn, false, write);
        if (hit == Tlb.Hit.MISS && mm.pt.hugeMappings() > 0) {
            hit = tlb.lookup(mm.id(), vpn >>> env.pteBits(), true, write);
        }
        if (hit == Tlb.Hit.L1) {
            return true;
        }
        if (hit == Tlb.Hit.STLB) {
            t.user(stlbHit);
            return true;
        }
        tlbMisses[0]++;
        t.user(walk);
        long pte = mm.pt.get(vpn);
        if (Pte.present(pte) && (!write || Pte.writable(pte))) {
            boolean huge = (pte & Pte.HUGE) != 0;
            tlb.fill(mm.id(), huge ? vpn >>> env.pteBits() : vpn, huge, Pte.writable(pte));
            return true;
        }
        fault.handle(t, mm, addr, write, outcome -> {
            if (outcome instanceof Outcome.Signal s) {
                fatal.raise(addr, s == Outcome.Signal.SIGBUS);
            } else {
                retry.run();
            }
        });
        return false;
    }
}
