package numasim.boot;

import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.mm.PhysMem;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.topology.Costs;

/**
 * What every kernel subsystem is built on once the machine has booted: the clock, the CPUs and their
 * scheduler, physical memory, cache-line coherence, the preset's costs and the run's counters.
 */
public record Core(Sim sim, Scheduler sched, PhysMem mem, Coherence coherence, Costs costs, Counters counters) {
}
