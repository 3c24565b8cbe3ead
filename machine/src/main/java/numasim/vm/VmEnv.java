package numasim.vm;

import numasim.boot.Core;
import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.TlbShootdown;
import numasim.mm.PhysMem;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.sync.RwSem;
import numasim.topology.Costs;

/**
 * What the address-space code works with: the booted machine ({@link Core}), TLB shootdown, the paging
 * geometry, mmap_sem's statistics, and whether the kernel has the speculative page fault series
 * ({@code spf}) and transparent huge pages for anonymous memory ({@code thp}, "enabled=always").
 */
public record VmEnv(Core core, TlbShootdown shootdown, Paging paging, RwSem.Stats mmapSemStats, boolean spf, boolean thp) {
    /** Page size (as a shift), PTE-table entries (as a shift) and fault_around_bytes. */
    public record Paging(int pageShift, int pteBits, long faultAroundBytes) {
    }

    public Sim sim() {
        return core.sim();
    }

    public Scheduler sched() {
        return core.sched();
    }

    public PhysMem mem() {
        return core.mem();
    }

    public Coherence coherence() {
        return core.coherence();
    }

    public Costs costs() {
        return core.costs();
    }

    public Counters counters() {
        return core.counters();
    }

    public int pageShift() {
        return paging.pageShift();
    }

    public int pteBits() {
        return paging.pteBits();
    }

    public long faultAroundBytes() {
        return paging.faultAroundBytes();
    }

    public long pageSize() {
        return 1L << paging.pageShift();
    }
}
