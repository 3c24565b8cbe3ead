package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;

import numasim.cpu.TlbEvent;
import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.mm.MmEvent;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

/** The mmu_gather's forced flushes in the middle of a zap (4.x zap_pte_range). */
class ZapTest {
    private static final long PAGE = 4096;

    /** Maps {@code pages} with {@code map}, touches them ({@code write}), unmaps; returns the kernel and the mapping's base. */
    private static Kernel unmapAfterTouch(int pages, boolean write, boolean sharedFile, long[] base) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        long len = pages * PAGE;
        LongConsumer touched = addr -> {
            base[0] = addr;
        };
        if (sharedFile) {
            File f = k.createFile("shared", true, len);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, len, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED,
                    addr -> touchThenUnmap(p, t, addr, pages, write, touched)));
        } else {
            p.start("t", 0, t -> p.mmapAnon(t, len, Vma.VM_READ | Vma.VM_WRITE,
                    addr -> touchThenUnmap(p, t, addr, pages, write, touched)));
        }
        k.run(1e9);
        return k;
    }

    private static void touchThenUnmap(Process p, Pthread t, long addr, int pages, boolean write, LongConsumer seen) {
        seen.accept(addr);
        Touching.pages(p, t, addr, 0, pages, write, () -> p.munmap(t, addr, pages * PAGE, r -> p.exit(t)));
    }

    private static long tablesSpanned(long base, int pages) {
        long first = (base / PAGE) >>> 9;
        long last = (base / PAGE + pages - 1) >>> 9;
        return last - first + 1;
    }

    @Test
    void gatherCapacityFollowsThePageSize() {
        assertEquals(9_698, Zap.gatherLimit(4096), "8 on the stack + 19 batches of 510");
        assertEquals(8_198, Zap.gatherLimit(65536), "8 on the stack + 1 batch of 8,190");
    }

    @Test
    void dirtySharedFilePagesFlushAfterEveryPteTable() {
        long[] base = {0};
        Kernel k = unmapAfterTouch(3 * 512, true, true, base);
        long tables = tablesSpanned(base[0], 3 * 512);
        assertEquals(tables - 1, k.counters().get(TlbEvent.GATHER_FORCED), "one flush per table before its PTE lock is dropped; the last is tlb_finish_mmu's");
        assertEquals(tables, k.counters().get(TlbEvent.FLUSH_FULL), "each table's 512 pages are above the flush ceiling");
    }

    @Test
    void cleanSharedFilePagesWaitForTheFinalFlush() {
        long[] base = {0};
        Kernel k = unmapAfterTouch(3 * 512, false, true, base);
        assertEquals(0, k.counters().get(TlbEvent.GATHER_FORCED));
    }

    @Test
    void aFullGatherFlushesAndFreesBeforeGoingOn() {
        long[] base = {0};
        Kernel k = unmapAfterTouch(10_000, true, false, base);
        assertEquals(1, k.counters().get(TlbEvent.GATHER_FORCED), "9,698 pages fill the gather, 302 go in a second round");
        assertEquals(k.counters().get(MmEvent.PGALLOC), k.counters().get(MmEvent.PGFREE), "both rounds' pages came back");
    }
}
