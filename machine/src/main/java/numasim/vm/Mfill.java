package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The fill side of userfaultfd (mm/userfaultfd.c): UFFDIO_COPY, ZEROPAGE and CONTINUE of a registered
 * range, dispatched to the VMA's backing (mfill_atomic_pte's anonymous, shmem and hugetlbfs cases), and
 * UFFDIO_WRITEPROTECT. Each returns 0 or a negative errno, mmap_sem held for read by the caller.
 */
final class Mfill {
    static final long EEXIST = -17;
    static final long ENOENT = -2;
    static final long EINVAL = -22;

    /** Places one freshly filled page {@code pfn} at {@code vpn} (its PTE table walked): 0 or a negative errno. */
    interface PagePlacer {
        long place(PageTable.PteTable table, long vpn, long pfn);
    }

    private final VmEnv env;
    private final PageTables tables;
    private final PteInstall install;
    private final long[] copied;
    private final long[] continued;

    Mfill(VmEnv env, PageTables tables, PteInstall install) {
        this.env = env;
        this.tables = tables;
        this.install = install;
        this.copied = env.counters().counter(UffdEvent.COPY_PAGES);
        this.continued = env.counters().counter(UffdEvent.CONTINUE_PAGES);
    }

    void copiedPages(long n) {
        copied[0] += n;
    }

    void continuedPages(long n) {
        continued[0] += n;
    }

    /** The VMA holding all of {@code [start, end)} registered with {@code ctx}, or null. */
    static Vma registered(Userfaultfd ctx, Mm mm, long start, long end) {
        Vma v = mm.vmaAt(start);
        return v != null && v.uffd == ctx && end <= v.end ? v : null;
    }

    /** __mcopy_atomic: UFFDIO_COPY ({@code copy}) or ZEROPAGE into the registered VMA's backing. */
    long copy(Userfaultfd ctx, Task t, Mm mm, long dst, long len, boolean copy) {
        Vma v = registered(ctx, mm, dst, dst + len);
        return v == null ? ENOENT : v.ops.fill(t, mm, v, dst, len, copy);
    }

    /**
     * The base-page loop of __mcopy_atomic: -EEXIST if any page is mapped already; otherwise for each page
     * a fresh one, copied into or cleared, placed by the backing ({@code placer}).
     */
    long pages(Task t, Mm mm, long dst, long len, boolean copy, PagePlacer placer) {
        long ps = env.pageSize();
        for (long a = dst; a < dst + len; a += ps) {
            if (Pte.present(mm.pt.get(a >>> env.pageShift()))) {
                return EEXIST;
            }
        }
        for (long a = dst; a < dst + len; a += ps) {
            long vpn = a >>> env.pageShift();
            long pfn = install.newPage(t);
            t.sys(copy ? install.copyNs() : env.costs().ns(Cost.ZERO_PAGE));
            PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
            long r = placer.place(table, vpn, pfn);
            if (r < 0) {
                return r;
            }
            copied[0]++;
        }
        return 0;
    }

    /** mcontinue_atomic_pte: UFFDIO_CONTINUE in a range registered for minor faults. */
    long cont(Userfaultfd ctx, Task t, Mm mm, long start, long len) {
        Vma v = registered(ctx, mm, start, start + len);
        if (v == null) {
            return ENOENT;
        }
        if ((v.flags & Vma.VM_UFFD_MINOR) == 0) {
            return EINVAL;
        }
        return v.ops.cont(t, mm, v, start, len);
    }

    /** mwriteprotect_range: set or clear write protection on the present pages of a WP-registered range. */
    long writeprotect(Userfaultfd ctx, Task t, Mm mm, long start, long len, boolean set) {
        Vma v = registered(ctx, mm, start, start + len);
        if (v == null || (v.flags & Vma.VM_UFFD_WP) == 0) {
            return ENOENT;
        }
        boolean flush = false;
        for (long vpn = start >>> env.pageShift(); vpn < (start + len) >>> env.pageShift(); vpn++) {
            long pte = mm.pt.get(vpn);
            if (!Pte.present(pte)) {
                continue;
            }
            PageTable.PteTable table = mm.pt.table(vpn);
            t.sys(env.costs().ns(Cost.ZAP_PTE));
            if (set) {
                flush |= Pte.writable(pte);
                mm.pt.set(table, vpn, (pte & ~Pte.WRITE) | Pte.UFFD_WP);
            } else {
                mm.pt.set(table, vpn, (pte & ~Pte.UFFD_WP) | ((v.flags & Vma.VM_WRITE) != 0 ? Pte.WRITE : 0));
            }
        }
        if (flush) {
            env.shootdown().flushRange(t, mm.id(), mm.cpumask, start >>> env.pageShift(), len >>> env.pageShift(), 0);
        }
        return 0;
    }
}
