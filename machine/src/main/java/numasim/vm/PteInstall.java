package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Installing translations, as every fault path and userfaultfd fill ends (finish_fault, do_set_pte,
 * mfill_atomic_install_pte): take the PTE lock, set the entry, account it in the mm's RSS counters
 * (SPLIT_RSS_COUNTING) and put a new anonymous page on the LRU. Also the other small steps the paths
 * share: a zeroed page, a page copy, a file-owned huge page mapped by the PMD.
 */
final class PteInstall {
    /** TASK_RSS_EVENTS_THRESH: RSS events a task batches before touching the mm's counters. */
    static final int RSS_EVENTS_THRESH = 64;

    private final VmEnv env;
    private final PageTables tables;

    PteInstall(VmEnv env, PageTables tables) {
        this.env = env;
        this.tables = tables;
    }

    /** pte_offset_map_lock: the split PTE lock of {@code table}. */
    void lockPtl(Task t, PageTable.PteTable table) {
        t.sysUntil(table.ptl.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
    }

    /** Takes the PTE lock, then {@link #setPte} with no extra work. */
    void installPte(Task t, Mm mm, PageTable.PteTable table, long vpn, long pte) {
        lockPtl(t, table);
        setPte(t, mm, table, vpn, pte, 0);
    }

    /** {@link #installPte} with {@code workNs} of work between setting the entry and accounting it. */
    void installPte(Task t, Mm mm, PageTable.PteTable table, long vpn, long pte, double workNs) {
        lockPtl(t, table);
        setPte(t, mm, table, vpn, pte, workNs);
    }

    /**
     * set_pte_at with the PTE lock held: the entry becomes {@code pte}; the RSS counters move from what
     * the old entry mapped to what the new one maps (anonymous, file, or nothing for the zero page), and
     * a page newly mapped as anonymous goes on the LRU (lru_cache_add_active_or_unevictable).
     */
    void setPte(Task t, Mm mm, PageTable.PteTable table, long vpn, long pte, double workNs) {
        long old = table.entries[(int) (vpn & ((1 << mm.pt.pteBits) - 1))];
        mm.pt.set(table, vpn, pte);
        if (workNs > 0) {
            t.sys(workNs);
        }
        int was = counted(old);
        int is = counted(pte);
        if (was == is) {
            if (is == ANON && Pte.pfn(old) != Pte.pfn(pte)) {
                env.mem().lruAdd(t, Pte.pfn(pte)); // an anonymous page replaced by its copy (wp_page_copy)
            }
            return; // or a permission change
        }
        if (was == FILE) {
            mm.rssFile--;
        } else if (was == ANON) {
            mm.rssAnon--;
        }
        if (is != NONE) {
            rssEvent(t, mm, 1, is == FILE);
        }
        if (is == ANON) {
            env.mem().lruAdd(t, Pte.pfn(pte));
        }
    }

    private static final int NONE = 0;
    private static final int ANON = 1;
    private static final int FILE = 2;

    /** Which RSS counter an entry counts in. */
    private static int counted(long pte) {
        if (!Pte.present(pte) || (pte & Pte.ZERO) != 0) {
            return NONE;
        }
        return (pte & Pte.FILE) != 0 ? FILE : ANON;
    }

    /** SPLIT_RSS_COUNTING: a task folds its RSS events into the mm counters every 64 events. */
    void rssEvent(Task t, Mm mm, int pages, boolean file) {
        if (file) {
            mm.rssFile += pages;
        } else {
            mm.rssAnon += pages;
        }
        t.rssEvents++;
        if (t.rssEvents >= RSS_EVENTS_THRESH) {
            t.rssEvents = 0;
            t.sysUntil(env.coherence().atomic(mm.counters, t.cpu(), t.cursor()));
        }
    }

    /** A page from the faulting CPU's node, cleared (alloc_zeroed_user_highpage). */
    long newZeroedPage(Task t) {
        long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(env.costs().ns(Cost.ZERO_PAGE));
        return pfn;
    }

    /** A page from the faulting CPU's node, not cleared (it is about to be copied into). */
    long newPage(Task t) {
        return env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
    }

    /** Copying one page (copy_user_highpage). */
    double copyNs() {
        return env.costs().copyNs(env.pageSize());
    }

    /** Maps a file-owned huge page (hugetlbfs or DAX) {@code pfn} by the PMD at {@code vpn}; unmapping never frees it. */
    void mapFilePmd(Task t, Mm mm, long vpn, long pfn) {
        tables.walkAllocUpper(t, mm, vpn);
        t.sysUntil(mm.pmdLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
        mm.pt.huge.put(mm.pt.pteIndex(vpn), pfn);
        mm.pt.hugeFile.add(mm.pt.pteIndex(vpn));
        mm.rssFile += 1L << env.pteBits();
    }

    /** The huge page index in the file of the huge page holding {@code addr}. */
    long hugeIndex(Vma v, long addr) {
        long huge = env.pageSize() << env.pteBits();
        return (v.pgoff >>> env.pteBits()) + ((addr & -huge) - v.start) / huge;
    }

    /** The page index in the file of {@code vpn} in {@code v}. */
    long fileIndex(Vma v, long vpn) {
        return v.pgoff + vpn - (v.start >>> env.pageShift());
    }
}
