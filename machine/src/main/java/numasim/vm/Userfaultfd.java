package numasim.vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;
import numasim.user.Pthread;

/**
 * A userfaultfd context (fs/userfaultfd.c, with the minor fault mode of seed 000): the UFFDIO_API
 * handshake, registration of ranges in MISSING, WP and MINOR modes with the kernel's validation, fault
 * messages queued for a handler that reads them, faulting threads asleep until a resolution covering
 * their address wakes them, and UFFD_FEATURE_SIGBUS. The resolutions' ioctls (UFFDIO_COPY, ZEROPAGE,
 * CONTINUE, WRITEPROTECT) check their arguments here and fill through {@link Mfill} (mm/userfaultfd.c)
 * and the VMA's backing.
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
    static final class Waiter {
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
    private final Mfill mfill;
    private final VmaTree tree;
    private boolean apiDone;
    private long features;
    private final ArrayDeque<Msg> msgs = new ArrayDeque<>();
    /** Readers asleep in read(2) waiting for a message. */
    private final ArrayDeque<Task> readers = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final long[] userfaults;
    /** The ioctls that change registrations (mmap_sem for write) and those that resolve faults (for read). */
    private final Syscall registerIoctl;
    private final Syscall resolveIoctl;

    /** The address space whose faults this context handles (current->mm at userfaultfd(2)). */
    private final Mm mm;

    Userfaultfd(int id, VmEnv env, Mfill mfill, VmaTree tree, Mm mm) {
        this.id = id;
        this.mm = mm;
        this.registerIoctl = Syscall.uncounted(env, Syscall.Lock.WRITE);
        this.resolveIoctl = Syscall.uncounted(env, Syscall.Lock.READ);
        this.tree = tree;
        this.env = env;
        this.mfill = mfill;
        this.userfaults = env.counters().counter(UffdEvent.FAULTS);
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
    public long api(Pthread current, long api, long requested) {
        Task t = (Task) current;
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
        return v.ops.canUserfault(vmFlags, features);
    }

    /**
     * UFFDIO_REGISTER of {@code [start, start + len)} in {@code mode}: {@code k} gets the ioctls the range
     * supports (a positive mask) or a negative errno.
     */
    public void register(Pthread current, long start, long len, long mode, LongConsumer k) {
        Task t = (Task) current;
        long bad = !apiDone || mode == 0 || (mode & ~REGISTER_MODES) != 0 || outside(start, len) ? EINVAL : 0;
        int vmFlags = ((mode & MODE_MISSING) != 0 ? Vma.VM_UFFD_MISSING : 0) | ((mode & MODE_WP) != 0 ? Vma.VM_UFFD_WP : 0)
                | ((mode & MODE_MINOR) != 0 ? Vma.VM_UFFD_MINOR : 0);
        registerIoctl.callNow(t, bad, mm, () -> registerLocked(t, mm, start, start + len, vmFlags), k);
    }

    /** Misaligned, empty, below mmap_min_addr or above TASK_SIZE: not a range userfaultfd takes. */
    private boolean outside(long start, long len) {
        return misaligned(start, len, env.pageSize()) || start < MMAP_MIN_ADDR || start + len > TASK_SIZE;
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
            if (((Math.max(start, v.start) | Math.min(end, v.end)) & (v.ops.pagesize() - 1)) != 0) {
                return EINVAL; // a hugetlbfs range starts and ends on huge page boundaries
            }
            if (v.uffd != null && v.uffd != this) {
                return EBUSY; // registered with another userfaultfd
            }
            ioctls = v.ops.registerIoctls(ioctls);
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

    /** UFFDIO_UNREGISTER: the range's VMAs leave this userfaultfd; threads asleep in the range wake. */
    public void unregister(Pthread current, long start, long len, LongConsumer k) {
        Task t = (Task) current;
        long end = start + len;
        registerIoctl.callNow(t, outside(start, len) ? EINVAL : 0, mm, () -> {
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
            return r;
        }, k);
    }

    // ---- faults -------------------------------------------------------------------------------

    /**
     * handle_userfault: with UFFD_FEATURE_SIGBUS the fault gets SIGBUS; otherwise a message is queued, a
     * reader woken, and {@code t} will sleep (after mmap_sem is dropped) until a resolution wakes it.
     */
    Outcome handle(Task t, long addr, int reason, boolean write) {
        userfaults[0]++;
        if ((features & FEATURE_SIGBUS) != 0) {
            env.counters().add(UffdEvent.SIGBUS, 1);
            return Outcome.Signal.SIGBUS;
        }
        int flags = (write ? FLAG_WRITE : 0) | (reason == Vma.VM_UFFD_WP ? FLAG_WP : 0) | (reason == Vma.VM_UFFD_MINOR ? FLAG_MINOR : 0);
        long page = addr & -env.pageSize();
        msgs.add(new Msg(page, flags, (features & FEATURE_THREAD_ID) != 0 ? t.tid : 0));
        Waiter w = new Waiter(t, page);
        waiters.add(w);
        Task reader = readers.poll();
        if (reader != null) {
            t.sys(env.sched().wake(reader, t)); // wake_up_poll(&ctx->fd_wqh) by the faulter, before it sleeps
        }
        return new Outcome.Userfault(this, w);
    }

    /** The faulting thread, its mmap_sem dropped: sleep on {@code w} until woken, then {@code retry} the fault. */
    void sleep(Task t, Waiter w, Runnable retry) {
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
                    t.sys(env.sched().wake(w.t, t)); // at the resolver's own time, one wakee after the other
                }
            }
        }
    }

    /**
     * close(2) of the last reference (userfaultfd_release): every VMA of {@code mm} registered here is
     * unregistered, every sleeping faulter is woken (its fault is retried without a userfault) and a
     * reader gets end of file (a null message).
     */
    public void release(Pthread current) {
        Task t = (Task) current;
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
        Task reader;
        while ((reader = readers.poll()) != null) {
            t.sys(env.sched().wake(reader, t));
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
    public void read(Pthread current, Consumer<Msg> k) {
        Task t = (Task) current;
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
            readers.add(t);
            t.block(() -> read(t, k));
        });
    }

    /**
     * UFFDIO_COPY: {@code len} bytes from the handler's buffer into fresh pages at {@code dst}, mapped at
     * once (anonymous memory, or the page cache of a shmem file). {@code k} gets 0 or -EINVAL (misaligned,
     * bad mode), -ENOENT (not a registered range), -EEXIST (a page is already there).
     */
    public void copy(Pthread current, long dst, long len, long mode, LongConsumer k) {
        Task t = (Task) current;
        resolve(t, mm, outside(dst, len) || (mode & ~MODE_DONTWAKE) != 0 ? EINVAL : 0, () -> mfill.copy(this, t, mm, dst, len, true),
                waking(t, dst, len, (mode & MODE_DONTWAKE) == 0), k);
    }

    /** UFFDIO_ZEROPAGE: as COPY with zeroes (anonymous memory: the zero page is not used, as in mfill). */
    public void zeropage(Pthread current, long dst, long len, long mode, LongConsumer k) {
        Task t = (Task) current;
        resolve(t, mm, outside(dst, len) || (mode & ~MODE_DONTWAKE) != 0 ? EINVAL : 0, () -> mfill.copy(this, t, mm, dst, len, false),
                waking(t, dst, len, (mode & MODE_DONTWAKE) == 0), k);
    }

    /**
     * A resolution ioctl: refused with {@code argError} if negative, else {@code body} under mmap_sem for
     * read, and on success {@code then} (waking the threads asleep on the range, unless told not to).
     */
    private void resolve(Task t, Mm mm, long argError, java.util.function.LongSupplier body, Runnable then, LongConsumer k) {
        resolveIoctl.callNow(t, argError, mm, () -> {
            long r = body.getAsLong();
            if (r == 0) {
                then.run();
            }
            return r;
        }, k);
    }

    /** What a resolution that succeeded does with the sleepers of its range. */
    private Runnable waking(Task t, long start, long len, boolean wake) {
        return wake ? () -> wakeRange(t, start, len) : () -> { };
    }

    /**
     * UFFDIO_CONTINUE: map the pages already in the page cache at {@code [start, start + len)} of a range
     * registered for minor faults; nothing is allocated or copied. {@code k} gets 0 or -EINVAL (misaligned,
     * bad mode, not a MINOR range), -ENOENT (not registered here), -EFAULT (a page is not in the page
     * cache), -EEXIST (already mapped).
     */
    public void cont(Pthread current, long start, long len, long mode, LongConsumer k) {
        Task t = (Task) current;
        resolve(t, mm, outside(start, len) || (mode & ~MODE_DONTWAKE) != 0 ? EINVAL : 0, () -> mfill.cont(this, t, mm, start, len),
                waking(t, start, len, (mode & MODE_DONTWAKE) == 0), k);
    }

    /**
     * UFFDIO_WRITEPROTECT: set ({@code MODE_WP_SET}) or clear write protection on the present pages of a
     * range registered in WP mode; clearing wakes the threads asleep there unless {@code MODE_WP_DONTWAKE}.
     * {@code k} gets 0, -EINVAL (misaligned, bad mode) or -ENOENT (not a WP-registered range).
     */
    public void writeprotect(Pthread current, long start, long len, long mode, LongConsumer k) {
        Task t = (Task) current;
        boolean set = (mode & MODE_WP_SET) != 0;
        boolean bad = outside(start, len) || (mode & ~(MODE_WP_SET | MODE_WP_DONTWAKE)) != 0 || set && (mode & MODE_WP_DONTWAKE) != 0;
        resolve(t, mm, bad ? EINVAL : 0, () -> mfill.writeprotect(this, t, mm, start, len, set), waking(t, start, len, !set && (mode & MODE_WP_DONTWAKE) == 0), k);
    }

    /** UFFDIO_WAKE: wakes the threads asleep on the range; 0 or -EINVAL (misaligned). */
    public long wake(Pthread current, long start, long len) {
        Task t = (Task) current;
        syscall(t);
        if (outside(start, len)) {
            return EINVAL;
        }
        wakeRange(t, start, len);
        return 0;
    }
}
