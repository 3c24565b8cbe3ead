package numasim.vm;

import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.TlbShootdown;
import numasim.mm.PhysMem;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.sync.RwSem;
import numasim.topology.Costs;

/**
 * What the address-space code works with: the clock, CPUs, physical memory, costs and counters, and
 * whether the kernel has the speculative page fault series ({@code spf}) and transparent huge pages for
 * anonymous memory ({@code thp}, "enabled=always").
 */
public record VmEnv(Sim sim, Scheduler sched, PhysMem mem, TlbShootdown shootdown, Coherence coherence, Costs costs,
        Counters counters, int pageShift, int pteBits, RwSem.Stats mmapSemStats, boolean spf,
        boolean thp, long faultAroundBytes) {

    public long pageSize() {
        return 1L << pageShift;
    }
}
