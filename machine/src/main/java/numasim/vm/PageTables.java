package numasim.vm;

import java.util.Map;
import numasim.mm.MmEvent;

import numasim.cpu.Task;
import numasim.topology.Cost;

/** Allocating page-table levels on a fault (__pud_alloc, __pmd_alloc, __pte_alloc) and freeing them (free_pgtables). */
final class PageTables {
    private final VmEnv env;
    private final long[] allocated;
    private final long[] freed;

    PageTables(VmEnv env) {
        this.env = env;
        this.allocated = env.counters().counter(MmEvent.PGTABLE_ALLOC);
        this.freed = env.counters().counter(MmEvent.PGTABLE_FREE);
    }

    /** A zeroed page for a page-table level, from the faulting CPU's node. */
    private long tablePage(Task t) {
        long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(env.costs().ns(Cost.ZERO_PAGE));
        allocated[0]++;
        return pfn;
    }

    /** Walks to the PTE table of {@code vpn}, allocating missing levels. */
    PageTable.PteTable walkAlloc(Task t, Mm mm, long vpn) {
        PageTable.PteTable table = mm.pt.table(vpn);
        if (table != null) {
            return table; // a PTE table is only ever installed below its PMD and PUD
        }
        walkAllocUpper(t, mm, vpn);
        return mm.pt.newPteTable(vpn, tablePage(t), env.coherence());
    }

    /** Allocates the PUD and PMD levels above {@code vpn}'s PTE table. */
    void walkAllocUpper(Task t, Mm mm, long vpn) {
        PageTable pt = mm.pt;
        if (!pt.puds.containsKey(pt.pudIndex(vpn))) {
            pt.puds.put(pt.pudIndex(vpn), tablePage(t));
        }
        if (!pt.pmds.containsKey(pt.pmdIndex(vpn))) {
            pt.pmds.put(pt.pmdIndex(vpn), tablePage(t));
        }
    }

    /**
     * __split_huge_pmd: the huge page at PTE-table index {@code idx} becomes a PTE table of base-page
     * entries (the deposited table page), and the compound page becomes base pages.
     */
    void splitHuge(Task t, Mm mm, long idx) {
        PageTable pt = mm.pt;
        long head = pt.huge.remove(idx);
        PageTable.PteTable table = pt.newPteTable(idx << pt.pteBits, tablePage(t), env.coherence());
        for (int i = 0; i < table.entries.length; i++) {
            pt.set(table, (idx << pt.pteBits) + i, Pte.make(head + i, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        }
        t.sys(table.entries.length * env.costs().ns(Cost.COPY_PTE));
        env.mem().splitBlock(head, pt.pteBits);
        env.counters().add(FaultEvent.THP_SPLIT_PMD, 1);
        // pmdp_invalidate: no CPU may keep the huge translation
        env.shootdown().flushRange(t, mm.id(), mm.cpumask, idx << pt.pteBits, table.entries.length, 0);
    }

    /** pte_alloc_one: a zeroed page for a PTE table not yet installed (preallocated). */
    long allocTablePage(Task t) {
        return tablePage(t);
    }

    /** Installs a preallocated PTE table page for {@code vpn}. */
    PageTable.PteTable installTable(Mm mm, long vpn, long pfn) {
        return mm.pt.newPteTable(vpn, pfn, env.coherence());
    }

    /** pte_free of a preallocated table nobody used. */
    void freeTablePage(Task t, long pfn) {
        env.mem().freePage(t, pfn);
        freed[0]++;
    }

    /** Every level down to the PTE table of {@code vpn} is populated (the speculative walk needs that). */
    boolean walkable(Mm mm, long vpn) {
        return mm.pt.table(vpn) != null; // a PTE table is only ever installed below its PMD and PUD
    }

    /**
     * free_pgtables for [startVpn, endVpn): frees every table in the range that no VMA overlaps any more.
     * Their entries must already be zapped.
     */
    void free(Task t, Mm mm, long startVpn, long endVpn) {
        PageTable pt = mm.pt;
        freeLevel(t, mm, pt.ptes, pt.pteBits, startVpn, endVpn);
        freeLevel(t, mm, pt.pmds, pt.pteBits + 9, startVpn, endVpn);
        freeLevel(t, mm, pt.puds, pt.pteBits + 18, startVpn, endVpn);
    }

    /**
     * The tables of one level (each maps 2^{@code bits} base pages; the PTE level holds {@link
     * PageTable.PteTable}s, the others frame numbers) over [startVpn, endVpn) that no VMA overlaps.
     */
    private <V> void freeLevel(Task t, Mm mm, java.util.TreeMap<Long, V> level, int bits, long startVpn, long endVpn) {
        boolean pte = level == mm.pt.ptes;
        int shift = env.pageShift();
        var it = level.subMap(startVpn >>> bits, true, (endVpn - 1) >>> bits, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, V> e = it.next();
            long lo = e.getKey() << bits << shift;
            long hi = (e.getKey() + 1) << bits << shift;
            Vma v = mm.findVma(lo);
            if (v != null && v.start < hi) {
                continue; // still covers a mapping
            }
            long pfn;
            if (pte) {
                PageTable.PteTable table = (PageTable.PteTable) e.getValue();
                if (table.present != 0) {
                    throw new numasim.sim.InvariantViolation("freeing a PTE table with " + table.present + " present entries");
                }
                pfn = table.pfn;
            } else {
                pfn = (Long) e.getValue();
            }
            long key = e.getKey(); // before remove(): TreeMap may reuse the entry for its successor
            it.remove();
            if (pte) {
                mm.pt.unindex(key);
            }
            env.mem().freePage(t, pfn);
            freed[0]++;
        }
    }

    /** exit_mmap: every table goes, the PGD too. */
    void freeAll(Task t, Mm mm) {
        PageTable pt = mm.pt;
        for (PageTable.PteTable table : pt.ptes.values()) {
            env.mem().freePage(t, table.pfn);
        }
        for (long pfn : pt.pmds.values()) {
            env.mem().freePage(t, pfn);
        }
        for (long pfn : pt.puds.values()) {
            env.mem().freePage(t, pfn);
        }
        freed[0] += pt.ptes.size() + pt.pmds.size() + pt.puds.size();
        pt.clearPtes();
        pt.pmds.clear();
        pt.puds.clear();
        env.mem().freePage(t, pt.pgdPfn);
    }
}
