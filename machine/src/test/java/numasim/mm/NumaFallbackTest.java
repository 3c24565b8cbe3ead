package numasim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import numasim.mm.MmEvent;
import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;

class NumaFallbackTest {
    @Test
    void localNodeFirstThenTheNextNodeOnceLocalFreeMemoryReachesTheLowWatermark() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("hog", 0);
        long[] firstRemote = {-1};
        long[] allocated = {0};
        long[] pfns = new long[300_000];
        p.start("hog", 0, t -> {
            for (int i = 0; i < pfns.length; i++) {
                long pfn = k.mem().allocPage((Task) t, 0);
                pfns[i] = pfn;
                allocated[0]++;
                if (k.mem().nodeOf(pfn) == 1 && firstRemote[0] < 0) {
                    firstRemote[0] = i;
                    Zone z0 = k.mem().zonesOf(0)[0];
                    assertTrue(z0.freePages() <= z0.watermarkLow() + 64, "fell back only near the low watermark");
                }
            }
            for (long pfn : pfns) {
                k.mem().freePage((Task) t, pfn);
            }
            p.exit(t);
        });
        k.run(1e9);
        assertTrue(firstRemote[0] > 200_000, "node 0 was used first: " + firstRemote[0]);
        assertTrue(k.counters().get(MmEvent.NUMA_MISS) > 0);
        assertEquals(allocated[0] + 1, k.counters().get(MmEvent.PGALLOC));
    }

    @Test
    void outOfMemoryWhenEveryNodeIsBelowItsMinWatermark() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("hog", 0);
        p.start("hog", 0, t -> {
            while (true) {
                k.mem().allocPage((Task) t, 0);
            }
        });
        OutOfMemory e = assertThrows(OutOfMemory.class, () -> k.run(1e9));
        assertTrue(e.getMessage().contains("out of memory"));
    }
}
