package numasim.vm;

import java.util.function.Consumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The classic page-fault path (handle_mm_fault under mmap_sem for read): look up the VMA, walk the page
 * table allocating missing levels, then do_anonymous_page (read: map the zero page; write: allocate, zero
 * and map a page) or do_wp_page (a write to the zero page gets its own page and flushes the old
 * translation from every CPU of the mm).
 */
public final class Fault {
    /** What a fault did. */
    public enum Outcome { MAPPED, ZERO_PAGE, COW, SPURIOUS, SEGV }

    private final VmEnv env;
    private final PageTables tables;
    private final long[] faults;
    private final long[] anon;
    private final long[] zero;
    private final long[] cow;
    private final long[] spurious;
    private final long[] segv;
    /** RSS events a task batches before touching the mm's counters (TASK_RSS_EVENTS_THRESH). */
    static final int RSS_EVENTS_THRESH = 64;

    Fault(VmEnv env, PageTables tables) {
        this.env = env;
        this.tables = tables;
        this.faults = env.counters().counter("faults");
        this.anon = env.counters().counter("fault:anon");
        this.zero = env.counters().counter("fault:zero_page");
        this.cow = env.counters().counter("fault:cow");
        this.spurious = env.counters().counter("fault:spurious");
        this.segv = env.counters().counter("fault:segv");
    }

    /** A user access to {@code addr} faulted: handle it, then {@code k} gets the outcome. */
    public void handle(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> k) {
        faults[0]++;
        t.sys(env.costs().ns(Cost.FAULT_ENTRY));
        mm.mmapSem.downRead(t, () -> {
            Outcome r = underMmapSem(t, mm, addr, write);
            mm.mmapSem.upRead(t, () -> k.accept(r));
        });
    }

    private Outcome underMmapSem(Task t, Mm mm, long addr, boolean write) {
        t.sys(env.costs().ns(Cost.FIND_VMA));
        Vma v = mm.vmaAt(addr);
        if (v == null || !v.allows(write)) {
            segv[0]++;
            return Outcome.SEGV;
        }
        t.sys(env.costs().ns(Cost.HANDLE_MM_FAULT));
        long vpn = addr >>> env.pageShift();
        PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
        long pte = mm.pt.get(vpn);
        Outcome r;
        if (!Pte.present(pte)) {
            r = doAnonymousPage(t, mm, v, table, vpn, write);
        } else if (write && !Pte.writable(pte) && (pte & Pte.ZERO) != 0) {
            r = doWpZeroPage(t, mm, table, vpn);
        } else {
            spurious[0]++;
            r = Outcome.SPURIOUS;
        }
        if (r != Outcome.SPURIOUS) {
            t.sys(env.costs().ns(Cost.HPTE_INSERT));
        }
        return r;
    }

    private Outcome doAnonymousPage(Task t, Mm mm, Vma v, PageTable.PteTable table, long vpn, boolean write) {
        anon[0]++;
        if (!write) {
            lockPtl(t, table);
            mm.pt.set(table, vpn, Pte.make(env.mem().zeroPfn(), Pte.PRESENT | Pte.ZERO));
            zero[0]++;
            return Outcome.ZERO_PAGE;
        }
        if (!v.anonVma) {
            v.anonVma = true; // anon_vma_prepare, under mm->page_table_lock
            t.sys(env.costs().ns(Cost.PCP_OP));
        }
        long pfn = newZeroedPage(t);
        lockPtl(t, table);
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        rssEvent(t, mm, 1);
        env.mem().lruAdd(t, pfn);
        return Outcome.MAPPED;
    }

    private Outcome doWpZeroPage(Task t, Mm mm, PageTable.PteTable table, long vpn) {
        cow[0]++;
        long pfn = newZeroedPage(t);
        lockPtl(t, table);
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        rssEvent(t, mm, 1);
        env.mem().lruAdd(t, pfn);
        // the old read-only translation may be cached by any CPU running this mm
        env.shootdown().flushRange(t, mm.id(), mm.cpumask, vpn, 1, 0);
        return Outcome.COW;
    }

    private long newZeroedPage(Task t) {
        long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(env.costs().ns(Cost.ZERO_PAGE));
        return pfn;
    }

    private void lockPtl(Task t, PageTable.PteTable table) {
        t.sysUntil(table.ptl.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
    }

    /** SPLIT_RSS_COUNTING: a task folds its RSS events into the mm counters every 64 events. */
    void rssEvent(Task t, Mm mm, int pages) {
        mm.rssAnon += pages;
        t.rssEvents++;
        if (t.rssEvents >= RSS_EVENTS_THRESH) {
            t.rssEvents = 0;
            t.sysUntil(env.coherence().atomic(mm.counters, t.cpu(), t.cursor()));
        }
    }
}
