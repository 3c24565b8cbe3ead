package numasim.vm;

import java.util.List;
import java.util.Map;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * zap_page_range with an mmu_gather: clears the PTEs of a range, remembers the pages and the range that
 * needs flushing, and after the TLB flush releases the pages (release_pages). As in 4.x's zap_pte_range,
 * the gather is flushed and its pages freed before the walk goes on when a PTE table held a dirty
 * file page (the flush must come before the PTE lock is dropped, commit 1cf35d47 of 3.15) or when
 * the gather is full (tlb_next_batch finds MAX_GATHER_BATCH_COUNT batches in use).
 */
final class Zap {
    private final VmEnv env;

    /** What one zap gathered: pages to free after the flush, and the range of cleared entries. */
    static final class Gather {
        long[] pages = new long[64];
        int count;
        /** Head frames of whole huge pages to free. */
        final java.util.List<Long> huge = new java.util.ArrayList<>();
        long flushStart = Long.MAX_VALUE;
        long flushEnd = Long.MIN_VALUE;
        /** Pages handed to tlb_remove_page (file pages too: their mapping's reference is dropped after the flush). */
        int batched;
        /** Where the walk stopped for a forced flush; -1 once the whole range is cleared. */
        long resumeVpn = -1;

        void add(long pfn) {
            if (count == pages.length) {
                pages = java.util.Arrays.copyOf(pages, count * 2);
            }
            pages[count++] = pfn;
        }

        boolean needsFlush() {
            return flushEnd >= flushStart;
        }
    }

    private final AnonShare share;

    private final PageTables tables;

    /** How many pages an mmu_gather holds before tlb_remove_page asks for a flush. */
    private final int gatherLimit;

    /** tlb:gather_forced, the flushes a zap made before going on. */
    private final long[] rounds;

    Zap(VmEnv env, AnonShare share, PageTables tables) {
        this.env = env;
        this.share = share;
        this.tables = tables;
        this.gatherLimit = gatherLimit(env.pageSize());
        this.rounds = env.counters().counter(numasim.cpu.TlbEvent.GATHER_FORCED);
    }

    /**
     * The 4.x mmu_gather's capacity: the on-stack bundle of 8 pages plus MAX_GATHER_BATCH_COUNT
     * (10,000 / MAX_GATHER_BATCH) batches of MAX_GATHER_BATCH = (page size - 16) / 8 pointers each:
     * 9,698 pages with 4 KiB pages, 8,198 with 64 KiB.
     */
    static int gatherLimit(long pageSize) {
        long perBatch = (pageSize - 16) / 8;
        return (int) (8 + 10000 / perBatch * perBatch);
    }

    /**
     * unmap_vmas + tlb_finish_mmu: clears [startVpn, endVpn) in the gather's rounds, each flushed from
     * the mm's CPUs (a shootdown) and its pages freed before the next; then {@code k}.
     */
    void unmap(Task t, Mm mm, List<Vma> vmas, long startVpn, long endVpn, Runnable k) {
        Gather g = clear(t, mm, vmas, startVpn, endVpn, true);
        if (g.needsFlush()) {
            env.shootdown().flushRange(t, mm.id(), mm.cpumask, g.flushStart, g.flushEnd - g.flushStart + 1, 0);
        }
        // after the last acknowledgement: release the pages, then go on where the walk stopped
        t.sync(() -> {
            release(t, g);
            if (g.resumeVpn >= 0) {
                rounds[0]++;
                unmap(t, mm, vmas, g.resumeVpn, endVpn, k);
            } else {
                k.run();
            }
        });
    }

    /**
     * zap_huge_pmd for huge pages wholly inside the range; a huge page the range only partly covers is
     * split first (its base pages are then zapped like any other).
     */
    private void clearHuge(Task t, Mm mm, List<Vma> over, long startVpn, long endVpn, Gather g) {
        Backed vmas = new Backed(over);
        PageTable pt = mm.pt;
        long span = 1L << pt.pteBits;
        for (long idx : new java.util.ArrayList<>(pt.huge.subMap(pt.pteIndex(startVpn), true, pt.pteIndex(endVpn - 1), true).keySet())) {
            long base = idx << pt.pteBits;
            if (startVpn <= base && base + span <= endVpn) {
                long head = pt.huge.remove(idx);
                t.sysUntil(mm.pmdLock.lock(t.cpu(), t.cursor(), 0));
                t.sys(env.costs().ns(Cost.ZAP_PTE));
                if (pt.hugeFile.remove(idx)) {
                    mm.rssFile -= span; // a hugetlbfs or DAX page: the file keeps it
                    vmas.at(base).zapFilePage(head);
                } else {
                    mm.rssAnon -= span;
                    g.huge.add(head);
                }
                g.flushStart = Math.min(g.flushStart, base);
                g.flushEnd = Math.max(g.flushEnd, base + span - 1);
            } else if (pt.hugeFile.contains(idx)) {
                throw new numasim.sim.InvariantViolation("a hugetlbfs mapping was unmapped in part at vpn " + startVpn + ".." + endVpn);
            } else {
                tables.splitHuge(t, mm, idx);
            }
        }
    }

    /**
     * The VMAs a zap covers, in address order, to find the backing of a file page's entry; the walk
     * goes up through the range, so the cursor only moves forward.
     */
    private final class Backed {
        private final List<Vma> vmas;
        private int i;

        Backed(List<Vma> vmas) {
            this.vmas = vmas;
        }

        VmOps at(long vpn) {
            long addr = vpn << env.pageShift();
            while (i < vmas.size() && vmas.get(i).end <= addr) {
                i++;
            }
            if (i == vmas.size() || vmas.get(i).start > addr) {
                throw new numasim.sim.InvariantViolation(String.format("a file page is mapped at %x with no VMA over it", addr));
            }
            return vmas.get(i).ops;
        }
    }

    /**
     * Clears every PTE in [startVpn, endVpn) of {@code vmas} (the VMAs over the range, in address order,
     * already detached or not); the file pages' backings hear of their unmapping.
     */
    Gather clear(Task t, Mm mm, List<Vma> vmas, long startVpn, long endVpn) {
        return clear(t, mm, vmas, startVpn, endVpn, false);
    }

    /**
     * As above; with {@code rounds} the walk stops after a PTE table that held a dirty file page, or
     * once the gather is full, leaving {@code resumeVpn} for the caller to go on from after the flush.
     */
    private Gather clear(Task t, Mm mm, List<Vma> vmas, long startVpn, long endVpn, boolean rounds) {
        Backed backed = new Backed(vmas);
        Gather g = new Gather();
        PageTable pt = mm.pt;
        double zapCost = env.costs().ns(Cost.ZAP_PTE);
        long zeroPfn = env.mem().zeroPfn();
        if (!pt.huge.isEmpty()) {
            clearHuge(t, mm, vmas, startVpn, endVpn, g);
        }
        for (Map.Entry<Long, PageTable.PteTable> e : pt.ptes.subMap(pt.pteIndex(startVpn), true, pt.pteIndex(endVpn - 1), true).entrySet()) {
            PageTable.PteTable table = e.getValue();
            if (table.present == 0) {
                continue;
            }
            long base = e.getKey() << pt.pteBits;
            long from = Math.max(startVpn, base);
            long to = Math.min(endVpn, base + table.entries.length);
            boolean locked = false;
            boolean dirtyFile = false;
            for (long vpn = from; vpn < to && table.present > 0; vpn++) {
                long pte = table.entries[(int) (vpn - base)];
                if (!Pte.present(pte)) {
                    continue;
                }
                if (!locked) {
                    t.sysUntil(table.ptl.lock(t.cpu(), t.cursor(), 0));
                    locked = true;
                }
                pt.set(table, vpn, 0);
                t.sys(zapCost);
                g.flushStart = Math.min(g.flushStart, vpn);
                g.flushEnd = Math.max(g.flushEnd, vpn);
                long pfn = Pte.pfn(pte);
                if ((pte & Pte.FILE) != 0) {
                    mm.rssFile--; // the page cache (or the device) keeps the page
                    backed.at(vpn).zapFilePage(pfn);
                    dirtyFile |= (pte & Pte.DIRTY) != 0;
                    g.batched++;
                } else if (pfn != zeroPfn) {
                    mm.rssAnon--;
                    if (share.unmapLast(pfn)) {
                        g.add(pfn);
                    }
                    g.batched++;
                }
                if (rounds && g.batched >= gatherLimit && vpn + 1 < endVpn) {
                    g.resumeVpn = vpn + 1; // __tlb_remove_page: no batch left
                    return g;
                }
            }
            if (rounds && dirtyFile && to < endVpn) {
                g.resumeVpn = to; // force_flush before pte_unmap_unlock
                return g;
            }
        }
        return g;
    }

    /** tlb_finish_mmu, second half: the flush is done, free the gathered pages. */
    void release(Task t, Gather g) {
        for (long head : g.huge) {
            env.mem().lruRemove(t, env.mem().nodeOf(head), 1);
            t.sys(env.costs().ns(Cost.PAGE_FREE));
            env.mem().freePages(t, head, env.pteBits()); // a huge page spans one PTE table
        }
        if (g.count == 0) {
            return;
        }
        double perPage = env.costs().ns(Cost.PAGE_FREE);
        int nodes = env.sched().topology().nodes();
        int[] perNode = new int[nodes];
        for (int i = 0; i < g.count; i++) {
            perNode[env.mem().nodeOf(g.pages[i])]++;
        }
        for (int n = 0; n < nodes; n++) {
            env.mem().lruRemove(t, n, perNode[n]);
        }
        for (int i = 0; i < g.count; i++) {
            t.sys(perPage);
            env.mem().freePage(t, g.pages[i]);
        }
    }
}
