package numasim.vm;

import java.util.List;
import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * madvise(MADV_GUARD_INSTALL / MADV_GUARD_REMOVE), seed 001: guard markers in the PTEs of an anonymous
 * range. A touch of a marker is SIGSEGV; MADV_DONTNEED leaves markers; fork copies them. Install walks the
 * range putting markers in empty entries and gives up at the first populated entry or huge PMD, zaps the
 * range and walks again, at most {@link #MAX_RETRIES} times before the call restarts.
 */
final class GuardRegions {
    /** MAX_MADVISE_GUARD_RETRIES. */
    static final int MAX_RETRIES = 3;
    static final long EINVAL = -22;
    static final long ENOMEM = -12;

    private final VmEnv env;
    private final Zap zap;
    private final PageTables tables;
    private final VmaTree tree;
    private final long[] installed;
    private final long[] zaps;
    private final long[] restarts;

    /** -ERESTARTNOINTR: the locks are dropped and the system call runs again. */
    private static final long ERESTARTNOINTR = -513;

    /** madvise(2), shared with MADV_DONTNEED. */
    private final Syscall madvise;

    GuardRegions(VmEnv env, Zap zap, PageTables tables, VmaTree tree, Syscall madvise) {
        this.env = env;
        this.madvise = madvise;
        this.installed = env.counters().counter(GuardEvent.INSTALLED_PAGES);
        this.zaps = env.counters().counter(GuardEvent.INSTALL_ZAPS);
        this.restarts = env.counters().counter(GuardEvent.INSTALL_RESTARTS);
        this.zap = zap;
        this.tables = tables;
        this.tree = tree;
    }

    /** is_valid_guard_vma: anonymous, not hugetlbfs, and (for install) not mlocked. */
    private static boolean valid(Vma v, boolean allowLocked) {
        if (!v.anonymous()) { // no file, shmem or hugetlbfs mapping
            return false;
        }
        return allowLocked || (v.flags & Vma.VM_LOCKED) == 0;
    }

    void install(Task t, Mm mm, long start, long len, LongConsumer k) {
        long end = start + ((len + env.pageSize() - 1) & -env.pageSize());
        madvise.call(t, Syscall.pageRange(env, start, len), mm, ret -> {
            List<Vma> vmas = mm.covering(start, end);
            long r = vmas == null ? ENOMEM : vmas.stream().allMatch(v -> valid(v, false)) ? 0 : EINVAL;
            if (r < 0) {
                ret.accept(r);
                return;
            }
            for (Vma v : vmas) {
                if (v.anonVma == 0) { // anon_vma_prepare: page tables with markers are copied on fork
                    tree.changed(t, v);
                    v.anonVma = mm.nextAnonVma++;
                }
            }
            attempt(t, mm, start, end, 0, ret);
        }, r -> {
            if (r == ERESTARTNOINTR) {
                install(t, mm, start, len, k);
            } else {
                k.accept(r);
            }
        });
    }

    /** One walk; on a populated entry, zap and walk again; after MAX_RETRIES, restart the call. */
    private void attempt(Task t, Mm mm, long start, long end, int i, LongConsumer ret) {
        if (i == MAX_RETRIES) {
            restarts[0]++;
            ret.accept(ERESTARTNOINTR);
            return;
        }
        if (walkInstall(t, mm, start, end)) {
            ret.accept(0);
            return;
        }
        zaps[0]++;
        zap.unmap(t, mm, mm.overlapping(start, end), start >>> env.pageShift(), end >>> env.pageShift(), () -> attempt(t, mm, start, end, i + 1, ret));
    }

    /** The install walk: true if every entry now holds a marker; false at the first populated one. */
    private boolean walkInstall(Task t, Mm mm, long start, long end) {
        for (long vpn = start >>> env.pageShift(); vpn < end >>> env.pageShift(); vpn++) {
            if (mm.pt.hugeAt(vpn) >= 0) {
                return false; // a huge PMD aborts the walk: zap it
            }
            long pte = mm.pt.get(vpn);
            if ((pte & Pte.GUARD) != 0) {
                continue;
            }
            if (pte != 0) {
                return false;
            }
            PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
            t.sys(env.costs().ns(Cost.ZAP_PTE));
            mm.pt.set(table, vpn, Pte.GUARD);
            installed[0]++;
        }
        return true;
    }

    /** MADV_GUARD_REMOVE: markers cleared (allowed on mlocked ranges); huge entries hold none. */
    void remove(Task t, Mm mm, long start, long len, LongConsumer k) {
        long end = start + ((len + env.pageSize() - 1) & -env.pageSize());
        madvise.callNow(t, Syscall.pageRange(env, start, len), mm, () -> {
            List<Vma> vmas = mm.covering(start, end);
            long r = vmas == null ? ENOMEM : vmas.stream().allMatch(v -> valid(v, true)) ? 0 : EINVAL;
            if (r == 0) {
                for (long vpn = start >>> env.pageShift(); vpn < end >>> env.pageShift(); vpn++) {
                    PageTable.PteTable table = mm.pt.table(vpn);
                    if (table == null) {
                        vpn = ((vpn >>> mm.pt.pteBits) + 1 << mm.pt.pteBits) - 1;
                        continue;
                    }
                    if ((mm.pt.get(vpn) & Pte.GUARD) != 0) {
                        t.sys(env.costs().ns(Cost.ZAP_PTE));
                        mm.pt.set(table, vpn, 0);
                    }
                }
            }
            return r;
        }, k);
    }
}
