package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import numasim.mm.MmEvent;
import numasim.vm.FaultEvent;
import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.topology.Cost;
import numasim.topology.MachineSpecs;

class ThpTest {
    private static final long PAGE = 4096;
    private static final long HUGE = 512 * PAGE;

    private static Kernel kernel(String features) {
        return new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse(features), 1);
    }

    /** Writes one byte per page of [addr, addr + len), then runs {@code k}. */
    private static void touch(Process p, numasim.user.Pthread t, long addr, long len, long off, Runnable k) {
        while (off < len) {
            long at = off;
            if (!p.access(t, addr + off, true, () -> touch(p, t, addr, len, at, k))) {
                return;
            }
            off += PAGE;
        }
        k.run();
    }

    @Test
    void aWriteFaultMapsAWholeZeroedHugePageWhenTheAlignedRangeFits() {
        Kernel k = kernel("base,thp");
        Process p = k.spawn("t", 0);
        double[] faultNs = new double[1];
        long[] huge = new long[2];
        p.start("t", 0, t -> p.mmapAnon(t, 4 * HUGE, Vma.VM_READ | Vma.VM_WRITE, a -> {
            long base = (a + HUGE - 1) & -HUGE;
            double before = ((Task) t).sysNs();
            touch(p, t, base, HUGE, 0, () -> {
                faultNs[0] = ((Task) t).sysNs() - before;
                huge[0] = p.mm().pageTable().hugeMappings();
                huge[1] = p.mm().rssAnon();
                p.exit(t);
            });
        }));
        k.run(1e10);
        assertEquals(1, k.counters().get(FaultEvent.FAULTS), "one fault maps all 512 pages");
        assertEquals(1, k.counters().get(FaultEvent.THP_FAULT_ALLOC));
        assertEquals(1, huge[0]);
        assertEquals(512, huge[1]);
        assertTrue(faultNs[0] >= 512 * k.spec().costs().ns(Cost.ZERO_PAGE), "clear_huge_page zeroes 2 MiB: " + faultNs[0]);
    }

    @Test
    void withoutThpOrOutsideAnAlignedRangeFaultsMapBasePages() {
        for (String features : new String[] {"base", "base,thp"}) {
            Kernel k = kernel(features);
            Process p = k.spawn("t", 0);
            p.start("t", 0, t -> p.mmapAnon(t, 64 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> touch(p, t, a, 64 * PAGE, 0, () -> p.exit(t))));
            k.run(1e10);
            assertEquals(64, k.counters().get(FaultEvent.FAULTS), features + ": a 256 KiB mapping never holds an aligned 2 MiB range");
            assertEquals(0, k.counters().get(FaultEvent.THP_FAULT_ALLOC));
        }
    }

    @Test
    void unmappingHalfAHugePageSplitsItAndFreesOnlyThatHalf() {
        Kernel k = kernel("base,thp");
        Process p = k.spawn("t", 0);
        long[] after = new long[3];
        p.start("t", 0, t -> p.mmapAnon(t, 4 * HUGE, Vma.VM_READ | Vma.VM_WRITE, a -> {
            long base = (a + HUGE - 1) & -HUGE;
            touch(p, t, base, HUGE, 0, () -> p.munmap(t, base + HUGE / 2, HUGE / 2, r -> {
                after[0] = p.mm().pageTable().hugeMappings();
                after[1] = p.mm().rssAnon();
                after[2] = Pte.present(p.mm().pageTable().get((base >>> 12) + 10)) ? 1 : 0;
                assertFalse(Pte.present(p.mm().pageTable().get((base + HUGE / 2) >>> 12)));
                p.exit(t);
            }));
        }));
        k.run(1e10); // the run checks every zone's page conservation
        assertEquals(1, k.counters().get(FaultEvent.THP_SPLIT_PMD));
        assertEquals(0, after[0], "the PMD became a PTE table");
        assertEquals(256, after[1], "the lower half stays mapped");
        assertEquals(1, after[2]);
        assertEquals(k.counters().get(MmEvent.PGALLOC), k.counters().get(MmEvent.PGFREE), "exit gave every page back");
    }
}
