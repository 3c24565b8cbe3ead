package numasim.vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * A userfaultfd (fs/userfaultfd.c, with the minor fault mode of seed 000): the UFFDIO_API handshake,
 * registration of ranges in MISSING, WP and MINOR modes with the kernel's validation, fault messages
 * queued for a handler that reads them, faulting threads asleep until a resolution (UFFDIO_COPY,
 * ZEROPAGE, CONTINUE, WRITEPROTECT, WAKE) covering their address wakes them, and UFFD_FEATURE_SIGBUS.
 *
 * <p>Every ioctl returns 0 (or, for UFFDIO_REGISTER, the ioctls the range supports) or a negative errno,
 * as the system call does. Registration and unregistration run under mmap_sem for write, resolutions
 * under mmap_sem for read.
 */
public final class Userfaultfd {
    public static final long UFFD_API = 0xAA;
    public static final long FEATURE_PAGEFAULT_FLAG_WP = 1 << 0;
    public static final long FEATURE_EVENT_FORK = 1 << 1;
    public static final long FEATURE_EVENT_REMAP = 1 << 2;
    public static final long FEATURE_EVENT_REMOVE = 1 << 3;
    public static final long FEATURE_MISSING_HUGETLBFS = 1 << 4;
    public static final long FEATURE_MISSING_SHMEM = 1 << 5;
    public static final long FEATURE_EVENT_UNMAP = 1 << 6;
    public static final long FEATURE_SIGBUS = 1 << 7;
    public static final long FEATURE_THREAD_ID = 1 << 8;
    public static final long FEATURE_MINOR_HUGETLBFS = 1 << 9;
    public static final long FEATURE_MINOR_SHMEM = 1 << 10;
    /** What this model implements; the event features (fork, remap, remove, unmap) are not modelled. */
    public static final long FEATURES = FEATURE_PAGEFAULT_FLAG_WP | FEATURE_MISSING_HUGETLBFS | FEATURE_MISSING_SHMEM | FEATURE_SIGBUS
            | FEATURE_THREAD_ID | FEATURE_MINOR_HUGETLBFS | FEATURE_MINOR_SHMEM;

    public static final long MODE_MISSING = 1 << 0;
    public static final long MODE_WP = 1 << 1;
    public static final long MODE_MINOR = 1 << 2;
    public static final long REGISTER_MODES = MODE_MISSING | MODE_WP | MODE_MINOR;

    /** uffdio_copy/zeropage/continue mode bits. */
    public static final long MODE_DONTWAKE = 1 << 0;
    /** uffdio_writeprotect mode bits. */
    public static final long MODE_WP_SET = 1 << 0;
    public static final long MODE_WP_DONTWAKE = 1 << 1;

    /** Bits of the ioctls mask UFFDIO_REGISTER returns (_UFFDIO_WAKE .. _UFFDIO_CONTINUE). */
    public static final long IOCTL_WAKE = 1 << 0x02;
    public static final long IOCTL_COPY = 1 << 0x03;
    public static final long IOCTL_ZEROPAGE = 1 << 0x04;
    public static final long IOCTL_WRITEPROTECT = 1 << 0x06;
    public static final long IOCTL_CONTINUE = 1 << 0x07;

    public static final int FLAG_WRITE = 1 << 0;
    public static final int FLAG_WP = 1 << 1;
    public static final int FLAG_MINOR = 1 << 2;

    public static final long ENOENT = -2;
    public static final long EAGAIN = -11;
    public static final long EFAULT = -14;
    public static final long EEXIST = -17;
    public static final long EBUSY = -16;
    public static final long EINVAL = -22;
    public static final long ENOMEM = -12;

    /** mmap_min_addr and TASK_SIZE of x86-64: registrations outside are invalid. */
    static final long MMAP_MIN_ADDR = 65536;
    static final long TASK_SIZE = (1L << 47) - 4096;

    /** A UFFD_EVENT_PAGEFAULT message. */
    public record Msg(long address, int flags, int tid) {
    }

    /** A thread asleep on a userfault, and what it does when woken. */
    private static final class Waiter {
        final Task t;
        final long page;
        Runnable resume;
        boolean woken;

        Waiter(Task t, long page) {
            this.t = t;
            this.page = page;
        }
    }

    final int id;
    private final VmEnv env;
    private final PageTables tables;
    private final PageCache cache;
    private final Fault fault;
    private final VmaTree tree;
    private boolean apiDone;
    private long features;
    private final ArrayDeque<Msg> msgs = new ArrayDeque<>();
    private final ArrayDeque<Runnable> readers = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final java.util.IdentityHashMap<Task, Waiter> faulting = new java.util.IdentityHashMap<>();
    private final long[] userfaults;
    private final long[] copied;
    private final long[] continued;

    Userfaultfd(int id, VmEnv env, PageTables tables, PageCache cache, Fault fault, VmaTree tree) {
        this.id = id;
        this.tree = tree;
        this.env = env;
        this.tables = tables;
        this.cache = cache;
        this.fault = fault;
        this.userfaults = env.counters().counter("uffd:faults");
        this.copied = env.counters().counter("uffd:copy_pages");
        this.continued = env.counters().counter("uffd:continue_pages");
    }

    public long features() {
        return features;
    }

    private void syscall(Task t) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
    }

    private boolean misaligned(long start, long len, long unit) {
        return (start & (unit - 1)) != 0 || (len & (unit - 1)) != 0 || len <= 0;
    }

    // ---- UFFDIO_API ---------------------------------------------------------------------------

    /** UFFDIO_API: once, with UFFD_API and features this kernel has; returns 0 or -EINVAL. */
    public long api(Task t, long api, long requested) {
        syscall(t);
        if (apiDone || api != UFFD_API || (requested & ~FEATURES) != 0) {
            return EINVAL;
        }
        apiDone = true;
        features = requested;
        return 0;
    }

    // ---- registration -------------------------------------------------------------------------

    /** vma_can_userfault as the seed era has it: WP only on anonymous VMAs, MINOR on hugetlbfs (shmem behind a feature). */
    private boolean canUserfault(Vma v, int vmFlags) {
        boolean hugetlb = v.hugetlb();
        if ((vmFlags & Vma.VM_UFFD_WP) != 0 && !v.anonymous()) {
            return false;
        }
        if ((vmFlags & Vma.VM_UFFD_MINOR) != 0 && !(hugetlb || v.shmem() && (features & FEATURE_MINOR_SHMEM) != 0)) {
            return false;
        }
        return v.anonymous() || hugetlb || v.shmem();
    }

    /**
     * UFFDIO_REGISTER of {@code [start, start + len)} in {@code mode}: {@code k} gets the ioctls the range
     * supports (a positive mask) or a negative errno.
     */
    public void register(Task t, Mm mm, long start, long len, long mode, LongConsumer k) {
        syscall(t);
        if (!apiDone || mode == 0 || (mode & ~REGISTER_MODES) != 0 || misaligned(start, len, env.pageSize()) || start < MMAP_MIN_ADDR
                || start + len > TASK_SIZE) {
            k.accept(EINVAL);
            return;
        }
        int vmFlags = ((mode & MODE_MISSING) != 0 ? Vma.VM_UFFD_MISSING : 0) | ((mode & MODE_WP) != 0 ? Vma.VM_UFFD_WP : 0)
                | ((mode & MODE_MINOR) != 0 ? Vma.VM_UFFD_MINOR : 0);
        long end = start + len;
        mm.mmapSem.downWrite(t, () -> {
            long r = registerLocked(t, mm, start, end, vmFlags);
            mm.mmapSem.upWrite(t, () -> k.accept(r));
        });
    }

    private long registerLocked(Task t, Mm mm, long start, long end, int vmFlags) {
        Vma first = mm.vmaAt(start);
        if (first == null) {
            java.util.Map.Entry<Long, Vma> next = mm.vmas.ceilingEntry(start);
            first = next == null ? null : next.getValue();
        }
        if (first == null || first.start >= end) {
            return EINVAL; // nothing mapped in the range
        }
        long ioctls = IOCTL_WAKE | IOCTL_COPY | IOCTL_ZEROPAGE | IOCTL_WRITEPROTECT | IOCTL_CONTINUE;
        for (Vma v : mm.vmas.subMap(first.start, true, end, false).values()) {
            if (!canUserfault(v, vmFlags)) {
                return EINVAL;
            }
            if (v.hugetlb() && ((Math.max(start, v.start) | Math.min(end, v.end)) & (hugeSize() - 1)) != 0) {
                return EINVAL; // a hugetlbfs range starts and ends on huge page boundaries
            }
            if (v.uffd != null && v.uffd != this) {
                return EBUSY; // registered with another userfaultfd
            }
            if (v.hugetlb()) {
                ioctls &= ~IOCTL_ZEROPAGE; // UFFD_API_RANGE_IOCTLS_BASIC
            }
            if ((vmFlags & Vma.VM_UFFD_WP) == 0) {
                ioctls &= ~IOCTL_WRITEPROTECT;
            }
            if ((vmFlags & Vma.VM_UFFD_MINOR) == 0) {
                ioctls &= ~IOCTL_CONTINUE;
            }
        }
        t.sys(env.costs().ns(Cost.MPROTECT_PATH));
        for (Vma v : tree.splitRange(t, mm, start, end)) {
            tree.changed(t, v);
            v.flags = (v.flags & ~Vma.VM_UFFD_FLAGS) | vmFlags;
            v.uffd = this;
        }
        return ioctls;
    }

    private long hugeSize() {
        return env.pageSize() << env.pteBits();
    }

    /** UFFDIO_UNREGISTER: the range's VMAs leave this userfaultfd; threads asleep in the range wake. */
    public void unregister(Task t, Mm mm, long start, long len, LongConsumer k) {
        syscall(t);
        if (misaligned(start, len, env.pageSize()) || start < MMAP_MIN_ADDR || start + len > TASK_SIZE) {
            k.accept(EINVAL);
            return;
        }
        long end = start + len;
        mm.mmapSem.downWrite(t, () -> {
            long r = 0;
            for (Vma v : mm.vmas.subMap(mm.vmaAt(start) != null ? mm.vmaAt(start).start : start, true, end, false).values()) {
                if (!canUserfault(v, v.flags & Vma.VM_UFFD_FLAGS)) {
                    r = EINVAL;
                }
            }
            if (r == 0) {
                for (Vma v : tree.splitRange(t, mm, start, end)) {
                    if (v.uffd == this) {
                        tree.changed(t, v);
                        v.flags &= ~Vma.VM_UFFD_FLAGS;
                        v.uffd = null;
                    }
                }
                wakeRange(t, start, len);
            }
            long res = r;
            mm.mmapSem.upWrite(t, () -> k.accept(res));
        });
    }

    // ---- faults -------------------------------------------------------------------------------

    /**
     * handle_userfault: with UFFD_FEATURE_SIGBUS the fault gets SIGBUS; otherwise a message is queued, a
     * reader woken, and {@code t} will sleep (after mmap_sem is dropped) until a resolution wakes it.
     */
    Fault.Outcome handle(Task t, long addr, int reason, boolean write) {
        userfaults[0]++;
        if ((features & FEATURE_SIGBUS) != 0) {
            env.counters().add("uffd:sigbus", 1);
            return Fault.Outcome.SIGBUS;
        }
        int flags = (write ? FLAG_WRITE : 0) | (reason == Vma.VM_UFFD_WP ? FLAG_WP : 0) | (reason == Vma.VM_UFFD_MINOR ? FLAG_MINOR : 0);
        long page = addr & -env.pageSize();
        msgs.add(new Msg(page, flags, (features & FEATURE_THREAD_ID) != 0 ? t.tid : 0));
        Waiter w = new Waiter(t, page);
        waiters.add(w);
        faulting.put(t, w);
        Runnable reader = readers.poll();
        if (reader != null) {
            double at = Math.max(t.cursor(), env.sim().now());
            env.sim().at(at, reader::run);
        }
        return Fault.Outcome.USERFAULT;
    }

    /** The faulting thread, its mmap_sem dropped: sleep until woken, then {@code retry} the fault. */
    void sleep(Task t, Runnable retry) {
        Waiter w = faulting.remove(t);
        t.sync(() -> {
            if (w.woken) {
                retry.run();
                return;
            }
            w.resume = retry;
            t.block(retry);
        });
    }

    /** Wakes the threads asleep on a page of {@code [start, start + len)}. */
    private void wakeRange(Task t, long start, long len) {
        for (java.util.Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter w = it.next();
            if (w.page >= start && w.page < start + len) {
                it.remove();
                w.woken = true;
                if (w.resume != null && w.t.state() == Task.State.BLOCKED) {
                    double at = Math.max(t.cursor(), env.sim().now());
                    env.sim().at(at, () -> t.sys(env.sched().wake(w.t, t.cpu())));
                }
            }
        }
    }

    /**
     * close(2) of the last reference (userfaultfd_release): every VMA of {@code mm} registered here is
     * unregistered, every sleeping faulter is woken (its fault is retried without a userfault) and a
     * reader gets end of file (a null message).
     */
    public void release(Task t, Mm mm) {
        syscall(t);
        closed = true;
        for (Vma v : mm.vmas.values()) {
            if (v.uffd == this) {
                tree.changed(t, v);
                v.flags &= ~Vma.VM_UFFD_FLAGS;
                v.uffd = null;
            }
        }
        wakeRange(t, 0, Long.MAX_VALUE / 2);
        Runnable r;
        while ((r = readers.poll()) != null) {
            Runnable reader = r;
            env.sim().at(Math.max(t.cursor(), env.sim().now()), reader::run);
        }
    }

    private boolean closed;

    /** Threads asleep on a userfault of this context. */
    public int sleepers() {
        return waiters.size();
    }

    /** Messages not read yet. */
    public int pending() {
        return msgs.size();
    }

    // ---- the handler's side -------------------------------------------------------------------

    /** read(2) of one message; blocks while there is none; null (end of file) once released. */
    public void read(Task t, Consumer<Msg> k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY) + env.costs().ns(Cost.PIPE_OP));
        Msg m = msgs.poll();
        if (m != null || closed) {
            t.sync(() -> k.accept(m));
            return;
        }
        t.sync(() -> {
            Msg now = msgs.poll();
            if (now != null || closed) {
                k.accept(now);
                return;
            }
            readers.add(() -> t.sys(env.sched().wake(t, -1)));
            t.block(() -> read(t, k));
        });
    }

    /** The VMA holding all of {@code [start, end)} registered with this context, or null. */
    private Vma registered(Mm mm, long start, long end) {
        Vma v = mm.vmaAt(start);
        return v != null && v.uffd == this && end <= v.end ? v : null;
    }

    /**
     * UFFDIO_COPY: {@code len} bytes from the handler's buffer into fresh pages at {@code dst}, mapped at
     * once (anonymous memory, or the page cache of a shmem file). {@code k} gets 0 or -EINVAL (misaligned,
     * bad mode), -ENOENT (not a registered range), -EEXIST (a page is already there).
     */
    public void copy(Task t, Mm mm, long dst, long len, long mode, LongConsumer k) {
        fill(t, mm, dst, len, mode, true, k);
    }

    /** UFFDIO_ZEROPAGE: as COPY with zeroes (anonymous memory: the zero page is not used, as in mfill). */
    public void zeropage(Task t, Mm mm, long dst, long len, long mode, LongConsumer k) {
        fill(t, mm, dst, len, mode, false, k);
    }

    private void fill(Task t, Mm mm, long dst, long len, long mode, boolean copy, LongConsumer k) {
        syscall(t);
        if (misaligned(dst, len, env.pageSize()) || (mode & ~MODE_DONTWAKE) != 0 || dst < MMAP_MIN_ADDR || dst + len > TASK_SIZE) {
            k.accept(EINVAL);
            return;
        }
        mm.mmapSem.downRead(t, () -> {
            long r = fillLocked(t, mm, dst, len, copy);
            if (r == 0 && (mode & MODE_DONTWAKE) == 0) {
                wakeRange(t, dst, len);
            }
            mm.mmapSem.upRead(t, () -> k.accept(r));
        });
    }

    private long fillLocked(Task t, Mm mm, long dst, long len, boolean copy) {
        Vma v = registered(mm, dst, dst + len);
        if (v == null || !(v.anonymous() || v.shmem() || v.hugetlb())) {
            return ENOENT;
        }
        if (v.hugetlb()) {
            return copy ? hugetlbCopy(t, mm, v, dst, len) : EINVAL; // no UFFDIO_ZEROPAGE on hugetlbfs
        }
        if (v.shmem() && (v.flags & Vma.VM_SHARED) == 0) {
            return EINVAL; // mfill on a private shmem mapping is refused
        }
        long ps = env.pageSize();
        for (long a = dst; a < dst + len; a += ps) {
            long vpn = a >>> env.pageShift();
            if (Pte.present(mm.pt.get(vpn))) {
                return EEXIST;
            }
        }
        for (long a = dst; a < dst + len; a += ps) {
            long vpn = a >>> env.pageShift();
            long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
            t.sys(copy ? fault.copyNs() : env.costs().ns(Cost.ZERO_PAGE));
            PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
            fault.lockPtl(t, table);
            if (v.anonymous()) {
                mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.DIRTY | ((v.flags & Vma.VM_WRITE) != 0 ? Pte.WRITE : 0)));
                fault.rssEvent(t, mm, 1);
                env.mem().lruAdd(t, pfn);
            } else {
                long index = v.pgoff + vpn - (v.start >>> env.pageShift());
                if (cache.peek(v.file, index) >= 0) {
                    env.mem().freePage(t, pfn);
                    return EEXIST;
                }
                cache.insertPage(t, v.file, index, pfn);
                cache.markDirty(t, v.file, index);
                mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | Pte.DIRTY | ((v.flags & Vma.VM_WRITE) != 0 ? Pte.WRITE : 0)));
                fault.rssEvent(t, mm, 1, true);
            }
            copied[0]++;
        }
        return 0;
    }

    /** __mcopy_atomic_hugetlb: whole huge pages from the pool, copied into, added to the file, mapped. */
    private long hugetlbCopy(Task t, Mm mm, Vma v, long dst, long len) {
        long huge = hugeSize();
        if (((dst | len) & (huge - 1)) != 0) {
            return EINVAL;
        }
        Hugetlbfs pool = hugetlbfs();
        for (long a = dst; a < dst + len; a += huge) {
            if (mm.pt.hugeAt(a >>> env.pageShift()) >= 0 || cache.peek(v.file, fault.hugeIndex(v, a)) >= 0) {
                return EEXIST;
            }
        }
        for (long a = dst; a < dst + len; a += huge) {
            long pfn = pool.alloc(env.sched().cpu(t.cpu()).node);
            if (pfn < 0) {
                return ENOMEM;
            }
            t.sys(env.costs().copyNs(huge));
            cache.insertPage(t, v.file, fault.hugeIndex(v, a), pfn);
            fault.mapFilePmd(t, mm, a >>> env.pageShift(), pfn);
            copied[0] += 1L << env.pteBits();
        }
        return 0;
    }

    private Hugetlbfs hugetlbfs;

    void setHugetlbfs(Hugetlbfs h) {
        this.hugetlbfs = h;
    }

    private Hugetlbfs hugetlbfs() {
        return hugetlbfs;
    }

    /**
     * UFFDIO_CONTINUE: map the pages already in the page cache at {@code [start, start + len)} of a range
     * registered for minor faults; nothing is allocated or copied. {@code k} gets 0 or -EINVAL (misaligned,
     * bad mode, not a MINOR range), -ENOENT (not registered here), -EFAULT (a page is not in the page
     * cache), -EEXIST (already mapped).
     */
    public void cont(Task t, Mm mm, long start, long len, long mode, LongConsumer k) {
        syscall(t);
        if (misaligned(start, len, env.pageSize()) || (mode & ~MODE_DONTWAKE) != 0 || start < MMAP_MIN_ADDR || start + len > TASK_SIZE) {
            k.accept(EINVAL);
            return;
        }
        mm.mmapSem.downRead(t, () -> {
            long r = continueLocked(t, mm, start, len);
            if (r == 0 && (mode & MODE_DONTWAKE) == 0) {
                wakeRange(t, start, len);
            }
            mm.mmapSem.upRead(t, () -> k.accept(r));
        });
    }

    private long continueLocked(Task t, Mm mm, long start, long len) {
        Vma v = registered(mm, start, start + len);
        if (v == null) {
            return ENOENT;
        }
        if ((v.flags & Vma.VM_UFFD_MINOR) == 0 || v.anonymous()) {
            return EINVAL;
        }
        if (v.hugetlb()) {
            long huge = hugeSize();
            if (((start | len) & (huge - 1)) != 0) {
                return EINVAL;
            }
            for (long a = start; a < start + len; a += huge) {
                if (cache.peek(v.file, fault.hugeIndex(v, a)) < 0) {
                    return EFAULT;
                }
                if (mm.pt.hugeAt(a >>> env.pageShift()) >= 0) {
                    return EEXIST;
                }
            }
            for (long a = start; a < start + len; a += huge) {
                fault.mapFilePmd(t, mm, a >>> env.pageShift(), cache.peek(v.file, fault.hugeIndex(v, a)));
                continued[0] += 1L << env.pteBits();
            }
            return 0;
        }
        long ps = env.pageSize();
        for (long a = start; a < start + len; a += ps) {
            long vpn = a >>> env.pageShift();
            long index = v.pgoff + vpn - (v.start >>> env.pageShift());
            if (cache.peek(v.file, index) < 0) {
                return EFAULT;
            }
            if (Pte.present(mm.pt.get(vpn))) {
                return EEXIST;
            }
        }
        for (long a = start; a < start + len; a += ps) {
            long vpn = a >>> env.pageShift();
            long index = v.pgoff + vpn - (v.start >>> env.pageShift());
            long pfn = cache.peek(v.file, index);
            PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
            fault.lockPtl(t, table);
            t.sys(env.costs().ns(Cost.FILE_PAGE_OP));
            boolean writable = v.shared() && (v.flags & Vma.VM_WRITE) != 0;
            mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | (writable ? Pte.WRITE : 0)));
            fault.rssEvent(t, mm, 1, true);
            continued[0]++;
        }
        return 0;
    }

    /**
     * UFFDIO_WRITEPROTECT: set ({@code MODE_WP_SET}) or clear write protection on the present pages of a
     * range registered in WP mode; clearing wakes the threads asleep there unless {@code MODE_WP_DONTWAKE}.
     * {@code k} gets 0, -EINVAL (misaligned, bad mode) or -ENOENT (not a WP-registered range).
     */
    public void writeprotect(Task t, Mm mm, long start, long len, long mode, LongConsumer k) {
        syscall(t);
        boolean set = (mode & MODE_WP_SET) != 0;
        if (misaligned(start, len, env.pageSize()) || (mode & ~(MODE_WP_SET | MODE_WP_DONTWAKE)) != 0
                || set && (mode & MODE_WP_DONTWAKE) != 0 || start < MMAP_MIN_ADDR || start + len > TASK_SIZE) {
            k.accept(EINVAL);
            return;
        }
        mm.mmapSem.downRead(t, () -> {
            Vma v = registered(mm, start, start + len);
            long r = v == null || (v.flags & Vma.VM_UFFD_WP) == 0 ? ENOENT : 0;
            if (r == 0) {
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
                if (!set && (mode & MODE_WP_DONTWAKE) == 0) {
                    wakeRange(t, start, len);
                }
            }
            mm.mmapSem.upRead(t, () -> k.accept(r));
        });
    }

    /** UFFDIO_WAKE: wakes the threads asleep on the range; 0 or -EINVAL (misaligned). */
    public long wake(Task t, long start, long len) {
        syscall(t);
        if (misaligned(start, len, env.pageSize()) || start < MMAP_MIN_ADDR || start + len > TASK_SIZE) {
            return EINVAL;
        }
        wakeRange(t, start, len);
        return 0;
    }
}
