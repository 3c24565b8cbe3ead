package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import numasim.cpu.IpiEvent;
import numasim.cpu.TlbEvent;
import numasim.mm.MmEvent;
import numasim.vm.FaultEvent;
import numasim.vm.VmaEvent;

import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.kernel.WaitQueue;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class MunmapTest {
    private long base;
    private final List<String> stale = new ArrayList<>();
    private boolean touched;
    /** Unmap in two halves, remembering mm_cpumask after the first. */
    private boolean twice;
    private BitSet maskAfterFirst;

    /** Touch every page of [addr, addr + pages) for writing or reading, then run k. */
    private static void touchAll(Process p, Pthread t, long addr, int pages, int from, boolean write, Runnable k) {
        Touching.pages(p, t, addr, from, pages, write, k);
    }

    /**
     * Thread 0 maps and writes {@code pages}; threads 1-3 (other CPUs, both sockets) read them, filling
     * their TLBs, then sleep; thread 0 unmaps the range. When munmap returns, no CPU may still translate it.
     */
    private Kernel scenario(int pages) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        WaitQueue ready = k.waitQueue();
        WaitQueue done = k.waitQueue();
        int[] readers = {0};
        for (int c = 1; c <= 3; c++) {
            p.start("reader", c, t -> ready.await(t, () -> touchAll(p, t, base, pages, 0, false, () -> {
                readers[0]++;
                done.wakeAll(t);
                done.await(t, () -> p.exit(t));
            })));
        }
        p.start("owner", 0, t -> p.mmapAnon(t, pages * 4096L, Vma.VM_READ | Vma.VM_WRITE, addr -> {
            base = addr;
            touchAll(p, t, addr, pages, 0, true, () -> {
                ready.wakeAll(t);
                waitReaders(p, t, done, readers, pages, k);
            });
        }));
        k.run(1e9);
        return k;
    }

    private void waitReaders(Process p, Pthread t, WaitQueue done, int[] readers, int pages, Kernel k) {
        if (readers[0] < 3) {
            done.await(t, () -> waitReaders(p, t, done, readers, pages, k));
            return;
        }
        long vpn0 = base >>> 12;
        for (int c = 1; c <= 3; c++) {
            touched |= k.sched().cpu(c).tlb().holds(p.mm().id(), vpn0);
        }
        if (twice) {
            p.munmap(t, base, pages / 2 * 4096L, r0 -> {
                maskAfterFirst = p.mm().cpumask();
                finish(p, t, done, base + pages / 2 * 4096L, pages - pages / 2, k);
            });
            return;
        }
        finish(p, t, done, base, pages, k);
    }

    private void finish(Process p, Pthread t, WaitQueue done, long from, int pages, Kernel k) {
        long vpn0 = from >>> 12;
        p.munmap(t, from, pages * 4096L, r -> {
            for (int c = 0; c < k.sched().cpus(); c++) {
                for (long v = vpn0; v < vpn0 + pages; v++) {
                    if (k.sched().cpu(c).tlb().holds(p.mm().id(), v)) {
                        stale.add("cpu" + c + " vpn " + v);
                    }
                }
            }
            done.wakeAll(t);
            p.exit(t);
        });
    }

    @Test
    void noCpuTranslatesTheRangeOnceMunmapReturnsFullFlush() {
        Kernel k = scenario(64);
        assertTrue(touched, "the readers' TLBs held the range before munmap");
        assertTrue(stale.isEmpty(), "stale translations: " + stale);
        assertEquals(1, k.counters().get(TlbEvent.SHOOTDOWNS));
        assertEquals(1, k.counters().get(TlbEvent.FLUSH_FULL), "64 pages is above the 33-page ceiling");
        assertEquals(3, k.counters().get(IpiEvent.RECEIVED) - k.counters().get(IpiEvent.RESCHED));
    }

    @Test
    void idleCpusInLazyTlbModeTakeOneFlushThenLeaveTheMm() {
        twice = true;
        Kernel k = scenario(64);
        assertTrue(stale.isEmpty(), "stale translations: " + stale);
        assertEquals(BitSet.valueOf(new long[] {1}), maskAfterFirst, "the sleeping readers' CPUs switched to init_mm");
        assertEquals(3, k.counters().get(TlbEvent.LAZY_LEAVE));
        assertEquals(1, k.counters().get(TlbEvent.SHOOTDOWNS), "the second munmap has no other CPU to flush");
        assertEquals(3, k.counters().get(IpiEvent.RECEIVED) - k.counters().get(IpiEvent.RESCHED));
    }

    @Test
    void noCpuTranslatesTheRangeOnceMunmapReturnsSinglePageFlushes() {
        Kernel k = scenario(8);
        assertTrue(touched);
        assertTrue(stale.isEmpty(), "stale translations: " + stale);
        assertEquals(1, k.counters().get(TlbEvent.FLUSH_SINGLE));
    }

    /**
     * Threads of the mm keep running on other CPUs (one on the other socket), reading the range in a loop
     * while a fourth unmaps it: once munmap has returned, no read may still succeed through a stale TLB
     * entry; each reader's next read must fault and find no VMA.
     */
    @Test
    void runningThreadsCannotUseTheRangeOnceMunmapReturns() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        Mmu mmu = k.vm().mmu();
        double[] unmappedAt = {Double.MAX_VALUE};
        List<String> staleReads = new ArrayList<>();
        int[] segv = {0};
        int[] warm = {0};
        WaitQueue ready = k.waitQueue();
        for (int c : new int[] {1, 2, 4}) {
            p.start("reader", c, t -> ready.await(t, () -> readLoop(p, mmu, t, unmappedAt, staleReads, segv, warm)));
        }
        p.start("owner", 0, t -> p.mmapAnon(t, 8 * 4096L, Vma.VM_READ | Vma.VM_WRITE, addr -> {
            base = addr;
            touchAll(p, t, addr, 8, 0, true, () -> {
                ready.wakeAll(t);
                // let the readers fill their TLBs and keep reading, then unmap under their feet
                p.compute(t, 200_000, () -> p.munmap(t, base, 8 * 4096L, r -> {
                    unmappedAt[0] = k.now();
                    p.exit(t);
                }));
            });
        }));
        k.run(1e9);
        assertEquals(3, warm[0], "every reader read the range through its TLB before the munmap");
        assertTrue(staleReads.isEmpty(), "reads through stale translations after munmap returned: " + staleReads);
        assertEquals(3, segv[0], "each reader's first read after the unmap faults and finds no VMA");
        assertEquals(1, k.counters().get(TlbEvent.SHOOTDOWNS));
        assertEquals(0, k.counters().get(TlbEvent.LAZY_LEAVE), "the targets were running the mm, not idle");
        assertTrue(k.checkInvariants(true).isEmpty());
    }

    /** Reads the first page every 500 ns until a read faults with SIGSEGV. */
    private void readLoop(Process p, Mmu mmu, Pthread t, double[] unmappedAt, List<String> staleReads, int[] segv, int[] warm) {
        boolean hit = mmu.access((Task) t, p.mm(), base, false, () -> readLoop(p, mmu, t, unmappedAt, staleReads, segv, warm), (a, sigbus) -> {
            segv[0]++;
            p.exit(t);
        });
        if (!hit) {
            return;
        }
        if (t.cursor() > unmappedAt[0]) {
            staleReads.add("tid " + t.tid() + " at " + t.cursor());
            p.exit(t);
            return;
        }
        if (reads.merge(t, 1, Integer::sum) == 2) {
            warm[0]++; // the first read filled the TLB, the second hit it
        }
        p.compute(t, 500, () -> readLoop(p, mmu, t, unmappedAt, staleReads, segv, warm));
    }

    /** Successful reads per reader. */
    private final java.util.Map<Pthread, Integer> reads = new java.util.IdentityHashMap<>();

    @Test
    void munmapFreesPagesAndPageTables() {
        Kernel k = scenario(600); // spans two PTE tables
        assertEquals(k.counters().get(MmEvent.PGALLOC), k.counters().get(MmEvent.PGFREE), "every page came back (the zero page is boot memory)");
        assertEquals(k.counters().get(MmEvent.PGTABLE_ALLOC), k.counters().get(MmEvent.PGTABLE_FREE));
        assertTrue(k.checkInvariants(true).isEmpty());
    }

    @Test
    void readThenWriteMapsTheZeroPageThenCopiesIt() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> p.mmapAnon(t, 4 * 4096, Vma.VM_READ | Vma.VM_WRITE,
                a -> touchAll(p, t, a, 4, 0, false, () -> touchAll(p, t, a, 4, 0, true, () -> p.exit(t)))));
        k.run(1e9);
        assertEquals(4, k.counters().get(FaultEvent.ZERO_PAGE));
        assertEquals(4, k.counters().get(FaultEvent.COW));
        assertEquals(8, k.counters().get(FaultEvent.FAULTS));
    }

    /** A mapping placed right above a VMA with the same flags extends it (vma_merge with prev), below one extends that one. */
    @Test
    void anonymousMmapMergesWithThePreviousAndTheNextVma() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        List<String> seen = new ArrayList<>();
        int rw = Vma.VM_READ | Vma.VM_WRITE;
        p.start("t", 0, t -> p.mmapAnon(t, 16 * 4096, rw, a -> p.munmap(t, a + 12 * 4096, 4 * 4096, r -> {
            // the top-down search finds the hole just freed, right above [a, a + 12 pages)
            p.mmapAnon(t, 4 * 4096, rw, b -> {
                seen.add((b == a + 12 * 4096) + " " + p.mm().vmas().size() + " " + (p.mm().vmas().get(0).end - a) / 4096);
                p.mmapAnon(t, 4 * 4096, rw, c -> { // below everything: merges with the VMA above it
                    seen.add((c == a - 4 * 4096) + " " + p.mm().vmas().size() + " " + (p.mm().vmas().get(0).start - c));
                    p.exit(t);
                });
            });
        })));
        k.run(1e9);
        assertEquals(List.of("true 1 16", "true 1 0"), seen);
        assertEquals(2, k.counters().get(VmaEvent.MERGE));
    }

    @Test
    void mprotectSplitsAndMergesVmas() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        List<Integer> counts = new ArrayList<>();
        p.start("t", 0, t -> p.mmapAnon(t, 16 * 4096, Vma.VM_READ | Vma.VM_WRITE, a ->
                p.mprotect(t, a + 4 * 4096, 4 * 4096, Vma.VM_READ, r -> {
                    counts.add(p.mm().vmas().size());
                    p.mprotect(t, a + 4 * 4096, 4 * 4096, Vma.VM_READ | Vma.VM_WRITE, r2 -> {
                        counts.add(p.mm().vmas().size());
                        assertFalse(p.access(t, a + 5 * 4096, true, () -> p.exit(t)));
                    });
                })));
        k.run(1e9);
        assertEquals(List.of(3, 1), counts);
    }
}
