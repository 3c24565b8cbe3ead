package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import numasim.mm.MmEvent;
import numasim.vm.DaxEvent;
import numasim.vm.FaultEvent;
import numasim.vm.PageCacheEvent;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.sim.InvariantViolation;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class DaxTest {
    private static final long PAGE = 4096;
    private static final long HUGE = 512 * PAGE;
    private static final int RW = Vma.VM_READ | Vma.VM_WRITE;

    private static Kernel kernel(DaxDevice.Refcount r) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-pmem"), KernelFeatures.parse("base"), 1);
        k.vm().dax().setRefcount(r);
        return k;
    }

    private static void run(Kernel k, BiConsumer<Process, Pthread> body) {
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> body.accept(p, t));
        k.run(1e11);
    }

    private static void touch(Process p, Pthread t, long addr, long len, long off, Runnable k) {
        Touching.touch(p, t, addr, len, off, k);
    }

    /** Maps 4 MiB of a DAX file twice (aligned: PMDs; one page off: PTEs), touches, records refs, unmaps, deletes. */
    private static long[] cycle(DaxDevice.Refcount scheme) {
        Kernel k = kernel(scheme);
        DaxDevice dax = k.vm().dax();
        long[] seen = new long[6];
        long before = dax.freePages();
        run(k, (p, t) -> {
            File f = dax.create("f", 8 * HUGE);
            long head = dax.pfnAt(f, 0);
            long pte = dax.pfnAt(f, HUGE + PAGE);
            p.mmapFile(t, f, 0, 2 * HUGE, RW | Vma.VM_SHARED, a -> touch(p, t, a, 2 * HUGE, 0, () ->
                    p.mmapFile(t, f, 513, HUGE - PAGE, RW | Vma.VM_SHARED, b -> touch(p, t, b, HUGE - PAGE, 0, () -> {
                        seen[0] = dax.refs(head);
                        seen[1] = dax.refs(pte);
                        seen[2] = k.counters().get(FaultEvent.DAX_PMD_FAULTS);
                        seen[3] = k.counters().get(FaultEvent.DAX_PTE_FAULTS);
                        p.munmap(t, a, 2 * HUGE, r1 -> p.munmap(t, b, HUGE - PAGE, r2 -> {
                            seen[4] = dax.refs(head);
                            p.unlink(t, f, () -> p.exit(t));
                        }));
                    }))));
        });
        seen[5] = dax.freePages() - before;
        assertEquals(0, k.counters().get(PageCacheEvent.MISS) + k.counters().get(FaultEvent.ANON), "no page cache, no RAM page for file data");
        assertEquals(k.counters().get(MmEvent.PGTABLE_ALLOC), k.counters().get(MmEvent.PGALLOC) - pgdPages(k), "RAM went to page tables only");
        return seen;
    }

    private static long pgdPages(Kernel k) {
        return 1; // the process's PGD
    }

    @Test
    void normalReferenceCountingTakesAReferencePerMappingAndFreesAtZero() {
        long[] s = cycle(DaxDevice.Refcount.NORMAL);
        assertEquals(1, s[0], "a PMD mapping holds one reference on the head page");
        assertEquals(1, s[1], "a PTE mapping holds one reference");
        assertEquals(2, s[2], "2 MiB-aligned ranges map by the PMD");
        assertEquals(511, s[3], "a range one page off the alignment maps page by page");
        assertEquals(0, s[4], "unmapping drops the references: idle at zero");
        assertEquals(0, s[5], "the extent went back to the device");
    }

    @Test
    void legacyReferenceCountingTakesNoneForMappingsAndIdlesAtOne() {
        long[] s = cycle(DaxDevice.Refcount.LEGACY);
        assertEquals(1, s[0], "the idle count of 1, no reference for the PMD (devmap)");
        assertEquals(1, s[1], "no reference for the PTE");
        assertEquals(1, s[4]);
        assertEquals(0, s[5]);
    }

    @Test
    void aPinnedPageFoundByTruncateIsAWarningAndTheEntryIsDeletedAnyway() {
        for (DaxDevice.Refcount scheme : DaxDevice.Refcount.values()) {
            Kernel k = kernel(scheme);
            DaxDevice dax = k.vm().dax();
            run(k, (p, t) -> {
                File f = dax.create("f", 2 * HUGE);
                dax.pin(dax.pfnAt(f, 3 * PAGE)); // an outstanding get_user_pages reference
                p.mmapFile(t, f, 0, 2 * HUGE, RW | Vma.VM_SHARED, a -> touch(p, t, a, PAGE, 0, () -> p.unlink(t, f, () -> p.exit(t))));
            });
            assertEquals(1, k.counters().get(DaxEvent.TRUNCATE_LIVE_ENTRY_WARNINGS), scheme.toString());
            assertTrue(k.checkInvariants(true).isEmpty(), k.checkInvariants(true).toString());
        }
    }

    @Test
    void devicePagesNeverEnterTheBuddyAllocatorAndTheDeviceCanBeFull() {
        Kernel k = kernel(DaxDevice.Refcount.NORMAL);
        DaxDevice dax = k.vm().dax();
        File f = dax.create("f", HUGE);
        InvariantViolation e = assertThrows(InvariantViolation.class, () -> k.mem().zoneOf(dax.pfnAt(f, 0)));
        assertTrue(e.getMessage().contains("never enters the buddy allocator"), e.getMessage());
        assertNull(dax.create("too-big", 16L << 30), "ENOSPC: the device has 16 GiB and 2 MiB are taken");
    }
}
