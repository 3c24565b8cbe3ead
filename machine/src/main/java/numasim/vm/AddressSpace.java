package numasim.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The system calls that change an address space, each under mmap_sem for write: mmap (anonymous, with
 * VMA merging), munmap (split, detach, zap, TLB shootdown, free pages and empty page tables), mprotect;
 * and madvise(MADV_DONTNEED) under mmap_sem for read.
 */
public final class AddressSpace {
    /** Negative errno-like outcomes reported to the caller. */
    public static final long ENOMEM = -12;
    public static final long EINVAL = -22;

    private final VmEnv env;
    private final Zap zap;
    private final PageTables tables;
    private final VmaTree tree;
    private final Backings backings;
    private final GuardRegions guards;
    private final Syscall mmap;
    private final Syscall munmap;
    private final Syscall mprotect;
    private final Syscall brk;
    private final Syscall madvise;
    private final Syscall mlock;
    private final long[] merges;
    private final VmCommitted committed;

    AddressSpace(VmEnv env, Zap zap, PageTables tables, VmaTree tree, Backings backings, VmCommitted committed) {
        this.env = env;
        this.committed = committed;
        this.zap = zap;
        this.tables = tables;
        this.tree = tree;
        this.backings = backings;
        this.mmap = Syscall.counted(env, SyscallEvent.MMAP, Syscall.Lock.WRITE);
        this.munmap = Syscall.counted(env, SyscallEvent.MUNMAP, Syscall.Lock.WRITE);
        this.mprotect = Syscall.counted(env, SyscallEvent.MPROTECT, Syscall.Lock.WRITE);
        this.brk = Syscall.counted(env, SyscallEvent.BRK, Syscall.Lock.WRITE);
        this.madvise = Syscall.counted(env, SyscallEvent.MADVISE, Syscall.Lock.READ);
        this.mlock = Syscall.uncounted(env, Syscall.Lock.WRITE);
        this.guards = new GuardRegions(env, zap, tables, tree, madvise);
        this.merges = env.counters().counter(VmaEvent.MERGE);
    }

    private long pageAlign(long len) {
        long ps = env.pageSize();
        return (len + ps - 1) & -ps;
    }

    /** mmap(NULL, len, prot, MAP_PRIVATE|MAP_ANONYMOUS): {@code k} gets the address or a negative errno. */
    public void mmapAnon(Task t, Mm mm, long len, int prot, LongConsumer k) {
        int flags = (prot & Vma.VM_WRITE) != 0 ? prot | Vma.VM_ACCOUNT : prot;
        doMmap(t, mm, len, 0, k, (start, end) -> {
            account(t, flags, start, end);
            insertMerging(t, mm, start, end, flags);
        });
    }

    /** mmap_region's security_vm_enough_memory_mm for an accountable mapping (VM_ACCOUNT). */
    private void account(Task t, int flags, long start, long end) {
        if ((flags & Vma.VM_ACCOUNT) != 0) {
            committed.acct(t, (end - start) >>> env.pageShift());
        }
    }

    /** remove_vma_list's vm_unacct_memory: the accountable pages of {@code vmas} leave vm_committed_as. */
    private void unaccount(Task t, java.util.Collection<Vma> vmas) {
        long pages = 0;
        for (Vma v : vmas) {
            if ((v.flags & Vma.VM_ACCOUNT) != 0) {
                pages += (v.end - v.start) >>> env.pageShift();
            }
        }
        committed.acct(t, -pages);
    }

    /** accountable_mapping: private, writable and not hugetlbfs (which reserves its pool pages instead). */
    static int accountable(int flags) {
        return (flags & (Vma.VM_SHARED | Vma.VM_WRITE | Vma.VM_HUGETLB)) == Vma.VM_WRITE ? flags | Vma.VM_ACCOUNT : flags;
    }

    /**
     * The mmap system call around {@code place}: under mmap_sem for write, find a free range top-down and
     * let {@code place} put the VMA there.
     */
    private void doMmap(Task t, Mm mm, long len, long argError, LongConsumer k, java.util.function.BiConsumer<Long, Long> place) {
        mmap.callNow(t, len <= 0 ? EINVAL : argError, mm, () -> {
            t.sys(env.costs().ns(Cost.MMAP_PATH));
            long addr = mm.unmappedArea(pageAlign(len));
            if (addr >= 0) {
                place.accept(addr, addr + pageAlign(len));
            }
            return addr >= 0 ? addr : ENOMEM;
        }, k);
    }

    /** vma_merge for anonymous memory: extend a neighbour with the same flags instead of adding a VMA. */
    private void insertMerging(Task t, Mm mm, long start, long end, int flags) {
        Vma prev = mm.vmaAt(start - 1);
        Vma next = mm.vmaAt(end);
        boolean withPrev = prev != null && prev.end == start && prev.flags == flags && prev.anonymous();
        boolean withNext = next != null && next.start == end && next.flags == flags && next.anonymous();
        if (withPrev && withNext && prev.anonCompatible(next)) {
            tree.absorb(t, mm, prev, next);
            prev.anonVma = Math.max(prev.anonVma, next.anonVma);
            merges[0]++;
        } else if (withPrev) {
            tree.adjust(t, mm, prev, prev.start, end);
            merges[0]++;
        } else if (withNext) {
            tree.adjust(t, mm, next, start, next.end);
            merges[0]++;
        } else {
            tree.insert(t, mm, new Vma(start, end, flags, backings.anon));
        }
    }

    /**
     * mmap of a file: {@code shared} (MAP_SHARED) writes go to the page cache, otherwise (MAP_PRIVATE)
     * writes copy the page. {@code pgoff} is in pages. File mappings are not merged.
     */
    public void mmapFile(Task t, Mm mm, FileRange what, int flags, LongConsumer k) {
        File f = what.file();
        long pgoff = what.pgoff();
        long len = what.len();
        int prot = flags & ~Vma.VM_SHARED;
        boolean shared = (flags & Vma.VM_SHARED) != 0;
        VmOps ops = backings.of(f);
        long unit = ops.pagesize();
        boolean huge = unit > env.pageSize();
        long bad = pgoff < 0 || huge && ((len & (unit - 1)) != 0 || ((pgoff << env.pageShift()) & (unit - 1)) != 0) ? EINVAL : 0;
        // hugetlb_get_unmapped_area: the mapping starts on a huge page boundary
        long pad = huge ? unit : 0;
        LongConsumer aligned = a -> k.accept(a < 0 ? a : (a + pad - 1) & -Math.max(pad, 1));
        doMmap(t, mm, len + pad, bad, huge ? aligned : k, (start, end) -> {
            long s0 = huge ? (start + unit - 1) & -unit : start;
            Vma v = new Vma(s0, s0 + ((len + env.pageSize() - 1) & -env.pageSize()),
                    accountable(prot | (shared ? Vma.VM_SHARED : 0) | (f.hugetlb ? Vma.VM_HUGETLB : 0)), ops);
            account(t, v.flags, v.start, v.end);
            v.file = f;
            v.pgoff = pgoff;
            tree.insert(t, mm, v);
        });
    }

    /** mmap at a fixed address of an empty range (exec lays out its segments so). */
    void mapFixed(Task t, Mm mm, long addr, int prot, FileRange what) {
        Vma v = new Vma(addr, addr + pageAlign(what.len()), accountable(prot), backings.of(what.file()));
        account(t, v.flags, v.start, v.end);
        v.file = what.file();
        v.pgoff = what.pgoff();
        tree.insert(t, mm, v);
    }

    private List<Vma> detach(Task t, Mm mm, long start, long end) {
        List<Vma> gone = tree.splitRange(t, mm, start, end);
        for (Vma v : gone) {
            tree.erase(t, mm, v);
        }
        return gone;
    }

    /** munmap(addr, len); {@code k} gets 0 or a negative errno. */
    public void munmap(Task t, Mm mm, long addr, long len, LongConsumer k) {
        long end = addr + pageAlign(len);
        munmap.call(t, Syscall.pageRange(env, addr, len), mm, ret -> {
            for (Vma v : mm.vmas.values()) {
                // hugetlbfs VMAs split only at huge page boundaries
                if (v.start < end && addr < v.end && ((Math.max(addr, v.start) | Math.min(end, v.end)) & (v.ops.pagesize() - 1)) != 0) {
                    ret.accept(EINVAL);
                    return;
                }
            }
            doMunmap(t, mm, addr, end, () -> ret.accept(0));
        }, k);
    }

    /** do_munmap with mmap_sem held for write: detach, zap, flush, then free pages and page tables. */
    private void doMunmap(Task t, Mm mm, long addr, long end, Runnable done) {
        t.sys(env.costs().ns(Cost.MUNMAP_PATH));
        List<Vma> gone = detach(t, mm, addr, end);
        unaccount(t, gone);
        long startVpn = addr >>> env.pageShift();
        long endVpn = end >>> env.pageShift();
        // after the last flush's acknowledgements and the pages' release: free the page tables
        zap.unmap(t, mm, gone, startVpn, endVpn, () -> {
            tables.free(t, mm, startVpn, endVpn);
            done.run();
        });
    }

    /**
     * brk(addr) under mmap_sem for write: growing extends the heap VMA (do_brk, merging with it), shrinking
     * unmaps the tail (do_munmap); a break below the heap's start or into another mapping is refused.
     * {@code k} gets the break in force afterwards, as the system call returns it.
     */
    public void brk(Task t, Mm mm, long addr, LongConsumer k) {
        brk.call(t, 0, mm, ret -> {
            long oldEnd = pageAlign(mm.brk);
            long newEnd = pageAlign(addr);
            if (addr < mm.startBrk) {
                ret.accept(mm.brk);
            } else if (newEnd == oldEnd) {
                mm.brk = addr;
                ret.accept(mm.brk);
            } else if (newEnd < oldEnd) {
                doMunmap(t, mm, newEnd, oldEnd, () -> {
                    mm.brk = addr;
                    ret.accept(mm.brk);
                });
            } else {
                Vma next = mm.findVma(oldEnd);
                if (next != null && next.start < newEnd) {
                    ret.accept(mm.brk); // find_vma_intersection: no room
                    return;
                }
                t.sys(env.costs().ns(Cost.MMAP_PATH));
                int flags = Vma.VM_READ | Vma.VM_WRITE | Vma.VM_ACCOUNT;
                account(t, flags, oldEnd, newEnd);
                insertMerging(t, mm, oldEnd, newEnd, flags);
                mm.brk = addr;
                ret.accept(mm.brk);
            }
        }, k);
    }

    /** mprotect(addr, len, prot): write-protecting present PTEs flushes them from the mm's CPUs. */
    public void mprotect(Task t, Mm mm, long addr, long len, int prot, LongConsumer k) {
        long end = addr + pageAlign(len);
        mprotect.callNow(t, Syscall.pageRange(env, addr, len), mm, () -> {
            t.sys(env.costs().ns(Cost.MPROTECT_PATH));
            if (mm.covering(addr, end) == null) {
                return ENOMEM;
            }
            for (Vma v : tree.splitRange(t, mm, addr, end)) {
                tree.changed(t, v);
                int was = v.flags;
                v.flags = (v.flags & ~Vma.PROT_MASK) | prot; // VM_SHARED, VM_ACCOUNT and userfaultfd registration stay
                if ((was & Vma.VM_ACCOUNT) == 0 && (accountable(v.flags) & Vma.VM_ACCOUNT) != 0) {
                    // mprotect_fixup: a private mapping made writable is committed from now on (and stays so)
                    v.flags |= Vma.VM_ACCOUNT;
                    account(t, v.flags, v.start, v.end);
                }
            }
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            if ((prot & Vma.VM_WRITE) == 0) {
                for (long vpn = addr >>> env.pageShift(); vpn < end >>> env.pageShift(); vpn++) {
                    PageTable.PteTable table = mm.pt.table(vpn);
                    if (table == null) {
                        vpn = ((vpn >>> mm.pt.pteBits) + 1 << mm.pt.pteBits) - 1;
                        continue;
                    }
                    long pte = mm.pt.get(vpn);
                    if (Pte.present(pte) && Pte.writable(pte)) {
                        mm.pt.set(table, vpn, pte & ~Pte.WRITE);
                        t.sys(env.costs().ns(Cost.ZAP_PTE));
                        lo = Math.min(lo, vpn);
                        hi = Math.max(hi, vpn);
                    }
                }
            }
            if (hi >= lo) {
                env.shootdown().flushRange(t, mm.id(), mm.cpumask, lo, hi - lo + 1, 0);
            }
            mergeAround(t, mm, addr, end);
            return 0;
        }, k);
    }

    /** vma_merge after mprotect: neighbours with equal flags and compatible anon_vmas join again. */
    private void mergeAround(Task t, Mm mm, long start, long end) {
        Vma first = mm.vmaAt(start);
        Vma prev = first == null ? null : mm.vmaAt(first.start - 1);
        Vma cur = prev != null ? prev : first;
        while (cur != null && cur.start <= end) {
            Vma next = mm.vmaAt(cur.end);
            if (next != null && next.start == cur.end && next.flags == cur.flags && next.uffd == cur.uffd && cur.anonCompatible(next)
                    && cur.anonymous() && next.anonymous()) {
                tree.absorb(t, mm, cur, next);
                cur.anonVma = Math.max(cur.anonVma, next.anonVma);
                merges[0]++;
            } else {
                cur = next;
            }
        }
    }

    /**
     * madvise(addr, len, MADV_DONTNEED) on anonymous memory: under mmap_sem for read, zap the range, flush
     * it from the mm's CPUs and free the pages; the next touch faults in a zeroed page.
     */
    public void madviseDontneed(Task t, Mm mm, long addr, long len, LongConsumer k) {
        long end = addr + pageAlign(len);
        madvise.call(t, Syscall.pageRange(env, addr, len), mm, ret -> {
            zap.unmap(t, mm, mm.overlapping(addr, end), addr >>> env.pageShift(), end >>> env.pageShift(), () -> ret.accept(0));
        }, k);
    }

    /** madvise(addr, len, MADV_GUARD_INSTALL): 0, -EINVAL (misaligned, not anonymous, hugetlbfs, mlocked) or -ENOMEM (a hole). */
    public void madviseGuardInstall(Task t, Mm mm, long addr, long len, LongConsumer k) {
        guards.install(t, mm, addr, len, k);
    }

    /** madvise(addr, len, MADV_GUARD_REMOVE): as install, but mlocked ranges are allowed. */
    public void madviseGuardRemove(Task t, Mm mm, long addr, long len, LongConsumer k) {
        guards.remove(t, mm, addr, len, k);
    }

    /** mlock(addr, len): the range's VMAs become VM_LOCKED (split at its ends); pages are not populated here. */
    public void mlock(Task t, Mm mm, long addr, long len, LongConsumer k) {
        long end = addr + pageAlign(len);
        mlock.callNow(t, Syscall.pageRange(env, addr, len), mm, () -> {
            if (mm.covering(addr, end) == null) {
                return ENOMEM;
            }
            for (Vma v : tree.splitRange(t, mm, addr, end)) {
                tree.changed(t, v);
                v.flags |= Vma.VM_LOCKED;
            }
            return 0;
        }, k);
    }

    /** exit_mmap: the last user is gone; zap everything and free every table. */
    void exitMmap(Task t, Mm mm) {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        List<Vma> all = new ArrayList<>(mm.vmas.values());
        for (Vma v : all) {
            lo = Math.min(lo, v.start);
            hi = Math.max(hi, v.end);
            v.attached = false;
        }
        mm.vmas.clear();
        unaccount(t, all);
        if (hi > lo) {
            Zap.Gather g = zap.clear(t, mm, all, lo >>> env.pageShift(), hi >>> env.pageShift());
            zap.release(t, g);
        }
        tables.freeAll(t, mm);
    }
}
