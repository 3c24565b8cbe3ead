package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import numasim.vm.FaultEvent;
import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

/** Freed PTE tables leave the fault path's look-up index too: a remapped range faults again. */
class PageTableIndexTest {
    private static final long PAGE = 4096;
    private static final long TABLE = 512 * PAGE;

    @Test
    void unmappingTablesInTheMiddleOfTheTreeAndRemappingFaultsAfresh() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        long[] faults = new long[2];
        boolean[] consistent = new boolean[1];
        p.start("t", 0, t -> p.mmapAnon(t, 64 * TABLE, Vma.VM_READ | Vma.VM_WRITE, a -> touch(p, t, a, 0, () -> {
            faults[0] = k.counters().get(FaultEvent.FAULTS);
            unmapOdd(p, t, a, 1, () -> p.mmapAnon(t, TABLE, Vma.VM_READ | Vma.VM_WRITE, b -> touchOne(p, t, b, () -> {
                faults[1] = k.counters().get(FaultEvent.FAULTS) - faults[0];
                consistent[0] = p.mm().pageTable().indexConsistent();
                p.exit(t);
            })));
        })));
        k.run(1e10); // fails if the index and the tree disagree
        assertEquals(64, faults[0]);
        assertEquals(true, consistent[0], "the look-up index holds exactly the live PTE tables");
        assertEquals(1, faults[1], "the remapped table was freed: its first touch faults");
    }

    /** One write in each 2 MiB table from table {@code i} on. */
    private static void touch(Process p, Pthread t, long a, int i, Runnable k) {
        for (; i < 64; i++) {
            int next = i;
            if (!p.access(t, a + i * TABLE, true, () -> touch(p, t, a, next, k))) {
                return;
            }
        }
        k.run();
    }

    private static void touchOne(Process p, Pthread t, long b, Runnable k) {
        if (p.access(t, b, true, () -> touchOne(p, t, b, k))) {
            k.run();
        }
    }

    private static void unmapOdd(Process p, Pthread t, long a, int i, Runnable k) {
        if (i >= 64) {
            k.run();
            return;
        }
        p.munmap(t, a + i * TABLE, TABLE, r -> unmapOdd(p, t, a, i + 2, k));
    }
}
