package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import numasim.mm.MmEvent;
import numasim.vm.FaultEvent;
import numasim.vm.PageCacheEvent;

import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class FileFaultTest {
    private static final long PAGE = 4096;

    /** Runs {@code body} in a one-thread process on a fresh two-node box. */
    private static Kernel run(Consumer<Object[]> setup) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        setup.accept(new Object[] {k, p});
        k.run(1e9);
        return k;
    }

    private static List<Integer> present(Process p, long addr, int pages) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            if (Pte.present(p.mm().pageTable().get((addr >>> 12) + i))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void faultAroundMapsOnlyCachedPagesOfTheAlignedWindow() {
        List<Integer> mapped = new ArrayList<>();
        Kernel k = run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            File f = kk.createFile("data", false, 64 * PAGE);
            kk.vm().pageCache().populate(f, 0, 0, 8);
            kk.vm().pageCache().populate(f, 0, 12, 13);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, 64 * PAGE, Vma.VM_READ, a -> {
                assertFalse(p.access(t, a + 2 * PAGE, false, () -> {
                    mapped.addAll(present(p, a, 64));
                    p.exit(t);
                }));
            }));
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 12), mapped, "the 16-page window around page 2, cached pages only");
        assertEquals(1, k.counters().get(FaultEvent.FAULTS));
        assertEquals(8, k.counters().get(FaultEvent.AROUND_MAPPED));
        assertEquals(0, k.counters().get(PageCacheEvent.DISK_READ));
    }

    @Test
    void aMissingPageIsReadFromDiskWhileTheTaskSleeps() {
        Kernel k = run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            File f = kk.createFile("data", false, 64 * PAGE);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, 64 * PAGE, Vma.VM_READ,
                    a -> assertFalse(p.access(t, a + 20 * PAGE, false, () -> p.exit(t)))));
        });
        assertEquals(1, k.counters().get(PageCacheEvent.DISK_READ));
        assertTrue(k.now() >= 100_000, "the disk read took its latency");
        assertTrue(k.sched().tasks().get(0).voluntarySwitches() >= 1, "the reader slept");
    }

    @Test
    void faultAroundStopsAtThePteTableBoundary() {
        List<Integer> mapped = new ArrayList<>();
        long[] base = {0};
        run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            // 515 pages mapped top-down below a 2 MiB-aligned base: a PTE table starts 3 pages in
            File f = kk.createFile("big", true, 515 * PAGE);
            kk.vm().pageCache().populate(f, 0);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, 515 * PAGE, Vma.VM_READ, a -> {
                base[0] = a;
                assertFalse(p.access(t, a + PAGE, false, () -> {
                    mapped.addAll(present(p, a, 20));
                    p.exit(t);
                }));
            }));
        });
        assertEquals(3, ((base[0] >>> 12) + 3) % 512 == 0 ? 3 : -1, "a table boundary 3 pages into the VMA");
        assertEquals(List.of(0, 1, 2), mapped, "the window starts at the VMA and stops at the table end");
    }

    @Test
    void noFaultAroundWithSixtyFourKilobytePages() {
        long[] mapped = {0};
        Kernel k = new Kernel(MachineSpecs.load("power8-80"), 1);
        Process p = k.spawn("t", 0);
        File f = k.createFile("data", false, 16 * 65536);
        k.vm().pageCache().populate(f, 0);
        p.start("t", 0, t -> p.mmapFile(t, f, 0, 16 * 65536, Vma.VM_READ, a -> {
            assertFalse(p.access(t, a, false, () -> {
                mapped[0] = p.mm().rssFile();
                p.exit(t);
            }));
        }));
        k.run(1e9);
        assertEquals(1, mapped[0], "fault_around_bytes 64 KiB is a single 64 KiB page");
        assertEquals(0, k.counters().get(FaultEvent.AROUND_MAPPED));
    }

    @Test
    void privateWritesCopySharedWritesDirtyThePageCache() {
        long[] pfns = new long[3];
        Kernel k = run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            File f = kk.createFile("tmp", true, 4 * PAGE);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, 4 * PAGE, Vma.VM_READ | Vma.VM_WRITE, priv ->
                    p.mmapFile(t, f, 0, 4 * PAGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, shared ->
                            assertFalse(p.access(t, shared, true, () -> assertFalse(p.access(t, priv, true, () -> {
                                pfns[0] = Pte.pfn(p.mm().pageTable().get(shared >>> 12));
                                pfns[1] = Pte.pfn(p.mm().pageTable().get(priv >>> 12));
                                pfns[2] = f.dirtyPages();
                                p.exit(t);
                            })))))));
        });
        assertNotEquals(pfns[0], pfns[1], "the private mapping got its own copy");
        assertEquals(1, pfns[2], "the shared write dirtied the page-cache page");
        assertEquals(1, k.counters().get(FaultEvent.FILE_COW));
        assertEquals(1, k.counters().get(FaultEvent.FILE_SHARED));
    }

    @Test
    void copyOnWriteAfterForkGivesEachProcessItsOwnCopy() {
        long[] seen = new long[6];
        Kernel k = run(o -> {
            Process p = (Process) o[1];
            p.start("parent", 0, t -> p.mmapAnon(t, 4 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> writeAll(p, t, a, 4, 0, () -> {
                seen[0] = Pte.pfn(p.mm().pageTable().get(a >>> 12));
                seen[1] = Pte.pfn(p.mm().pageTable().get((a >>> 12) + 1));
                p.fork(t, "child", (child, c) -> {
                    assertFalse(child.access(c, a, true, () -> {
                        seen[2] = Pte.pfn(child.mm().pageTable().get(a >>> 12));
                        seen[5] = Pte.pfn(child.mm().pageTable().get((a >>> 12) + 1));
                        child.exit(c);
                    }));
                }, child -> p.waitChild(t, child, () -> assertFalse(p.access(t, a + PAGE, true, () -> {
                    seen[3] = Pte.pfn(p.mm().pageTable().get(a >>> 12));
                    seen[4] = Pte.pfn(p.mm().pageTable().get((a >>> 12) + 1));
                    p.exit(t);
                }))));
            })));
        });
        assertNotEquals(seen[0], seen[2], "the child's write copied page 0");
        assertEquals(seen[0], seen[3], "the parent keeps its page 0");
        assertEquals(seen[1], seen[5], "page 1 was still shared in the child");
        assertEquals(seen[1], seen[4], "after the child exited, the parent reuses page 1 without copying");
        assertEquals(1, k.counters().get(FaultEvent.COW));
        assertEquals(1, k.counters().get(FaultEvent.WP_REUSE));
        assertTrue(k.checkInvariants(true).isEmpty());
        assertEquals(k.counters().get(MmEvent.PGALLOC), k.counters().get(MmEvent.PGFREE), "every page came back");
    }

    /** A mapping longer than its file: a touch beyond the end is SIGBUS, not SIGSEGV (the VMA is there). */
    @Test
    void aTouchBeyondTheEndOfTheFileIsSigbus() {
        List<String> signals = new ArrayList<>();
        Kernel k = run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            File f = kk.createFile("short", true, 2 * PAGE);
            p.start("t", 0, t -> p.mmapFile(t, f, 0, 4 * PAGE, Vma.VM_READ | Vma.VM_SHARED, a -> {
                boolean hit = kk.vm().mmu().access((Task) t, p.mm(), a + 3 * PAGE, false, () -> signals.add("retried"), (addr, sigbus) -> {
                    signals.add((sigbus ? "SIGBUS" : "SIGSEGV") + " at page " + (addr - a) / PAGE);
                    p.exit(t);
                });
                assertFalse(hit);
            }));
        });
        assertEquals(List.of("SIGBUS at page 3"), signals);
        assertEquals(1, k.counters().get(FaultEvent.SIGBUS));
        assertEquals(0, k.counters().get(FaultEvent.SEGV));
    }

    /** fork copies the PTEs of VMAs with anonymous memory only; the child's RSS counts what it maps. */
    @Test
    void aForkedChildsRssCountsTheMappingsItGot() {
        List<String> problems = new ArrayList<>();
        long[] rss = new long[2];
        run(o -> {
            Kernel kk = (Kernel) o[0];
            Process p = (Process) o[1];
            File f = kk.createFile("lib", true, 8 * PAGE);
            p.start("parent", 0, t -> p.mmapFile(t, f, 0, 8 * PAGE, Vma.VM_READ, lib -> readAll(p, t, lib, 8, 0,
                    () -> p.mmapAnon(t, 4 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> writeAll(p, t, a, 4, 0, () -> p.fork(t, "child", (child, c) -> {
                        problems.addAll(kk.vm().check(child.mm()));
                        rss[0] = child.mm().rssAnon();
                        rss[1] = child.mm().rssFile();
                        child.exit(c);
                    }, child -> p.waitChild(t, child, () -> p.exit(t))))))));
        });
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(4, rss[0], "the anonymous pages are shared copy-on-write");
        assertEquals(0, rss[1], "the file VMA has no anonymous memory: its PTEs are not copied, the child refaults");
    }

    private static void writeAll(Process p, Pthread t, long a, int pages, int from, Runnable k) {
        Touching.pages(p, t, a, from, pages, true, k);
    }

    private static void readAll(Process p, Pthread t, long a, int pages, int from, Runnable k) {
        Touching.pages(p, t, a, from, pages, false, k);
    }
}
