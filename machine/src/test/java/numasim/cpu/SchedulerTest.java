package numasim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import numasim.cpu.SchedEvent;
import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;

/** Load balancing of running tasks between the cores of a socket (two-node-test: 2 x 2 cores x SMT2). */
class SchedulerTest {
    private static final double MS = 1e6;

    @Test
    void aTaskSharingACoreWithABusySiblingMovesToAWhollyIdleCoreAfterFailedBalanceAttempts() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        int[] endCpu = new int[2];
        double[] end = new double[2];
        // CPUs 0 and 4 are the two threads of core 0; core 1 (CPUs 1 and 5) of the same socket is idle.
        for (int i = 0; i < 2; i++) {
            int me = i;
            p.start("w" + i, i == 0 ? 0 : 4, t -> p.compute(t, 200 * MS, () -> {
                endCpu[me] = t.cpu();
                end[me] = t.cursor();
                p.exit(t);
            }));
        }
        k.run(1e9);
        assertEquals(1, k.counters().get(SchedEvent.ACTIVE_BALANCES), "one task moved; then each core runs one");
        int moved = k.sched().topology().coreOf(endCpu[0]) == 0 ? 1 : 0;
        assertEquals(1, k.sched().topology().coreOf(endCpu[moved]), "moved to the idle core of the same socket");
        assertNotEquals(k.sched().topology().coreOf(endCpu[0]), k.sched().topology().coreOf(endCpu[1]));
        // Sharing the core for the whole run would take 200 ms x 2 / 1.25 = 320 ms; four failed attempts at
        // 4 ms intervals first, then each runs alone.
        double last = Math.max(end[0], end[1]);
        assertTrue(last < 250 * MS && last > 200 * MS, "finished at " + last / MS + " ms");
    }

    @Test
    void tasksBoundToTheirCpuStayOnTheCrowdedCore() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        for (int cpu : new int[] {0, 4}) {
            java.util.BitSet only = new java.util.BitSet();
            only.set(cpu);
            p.start("w" + cpu, cpu, only, t -> p.compute(t, 50 * MS, () -> p.exit(t)));
        }
        k.run(1e9);
        assertEquals(0, k.counters().get(SchedEvent.ACTIVE_BALANCES));
    }
}
