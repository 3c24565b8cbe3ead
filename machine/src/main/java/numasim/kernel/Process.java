package numasim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import numasim.vm.SyscallEvent;

import numasim.cpu.Task;
import numasim.topology.Cost;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.FileRange;
import numasim.vm.Mm;
import numasim.vm.Vma;

/**
 * A user process: an address space and its threads, with the system-call and memory-access interface
 * workloads program against. Every call takes the calling task and a continuation.
 */
public final class Process {
    private final Kernel kernel;
    public final int pid;
    public final String comm;
    private Mm mm;
    private final WaitQueue exitWaiters;
    private final List<Task> threads = new ArrayList<>();
    private int live;
    private final List<Runnable> exitHooks = new ArrayList<>();
    /** sighand->siglock, shared by the process's threads. */
    private final numasim.sync.SpinLock siglock;

    Process(Kernel kernel, int pid, String comm, Mm mm) {
        this.kernel = kernel;
        this.pid = pid;
        this.comm = comm;
        this.mm = mm;
        this.exitWaiters = kernel.waitQueue();
        this.siglock = new numasim.sync.SpinLock("pid" + pid + ".siglock", kernel.coherence());
    }

    public Mm mm() {
        return mm;
    }

    public List<Task> threads() {
        return threads;
    }

    public boolean alive() {
        return live > 0;
    }

    /**
     * A thread of this process that nobody in the emulation pays to create: the first thread of a process
     * a workload starts (as the shell's exec left it), or the child of fork (whose cost fork charged).
     * Placed by the scheduler, or on {@code cpu} if not negative (sched_setaffinity).
     */
    public Pthread start(String threadComm, int cpu, Consumer<Pthread> body) {
        return start(threadComm, cpu, null, body);
    }

    /**
     * Like {@link #start(String, int, Consumer)}, bound to {@code affinity} (null: any CPU) as
     * pthread_attr_setaffinity_np binds it: it starts on {@code cpu}, which must be in the set.
     */
    public Pthread start(String threadComm, int cpu, java.util.BitSet affinity, Consumer<Pthread> body) {
        Task t = kernel.sched().create(pid, threadComm, mm);
        if (affinity != null) {
            t.setAffinity(affinity);
        }
        threads.add(t);
        kernel.threadStarted(t, this);
        live++;
        mm.addUser(1);
        kernel.sched().start(t, cpu, () -> body.accept(t));
        return t;
    }

    /**
     * pthread_create by {@code caller}: clone(CLONE_VM | CLONE_THREAD | ...) costs it a system call and
     * {@code clone_path}; the new thread (bound to {@code affinity} unless null, on {@code cpu} if not
     * negative) becomes runnable when clone returns, and the caller continues with {@code k}.
     */
    public void clone(Pthread current, String threadComm, int cpu, java.util.BitSet affinity, Consumer<Pthread> body, Consumer<Pthread> k) {
        Task caller = (Task) current;
        caller.sys(kernel.spec().costs().ns(Cost.SYSCALL_ENTRY) + kernel.spec().costs().ns(Cost.CLONE_PATH));
        kernel.counters().add(SyscallEvent.CLONE, 1);
        caller.sync(() -> {
            k.accept(start(threadComm, cpu, affinity, body));
        });
    }

    /**
     * raise(SIGUSR1) with a handler installed that runs for {@code handlerNs} of user time: see
     * {@link Signals}.
     */
    public void raise(Pthread current, double handlerNs, Runnable k) {
        Task t = (Task) current;
        kernel.signals().raise(t, siglock, live > 1, handlerNs, k);
    }

    /** pipe(2). */
    public Pipe pipe() {
        return kernel.newPipe();
    }

    /** getppid(): a system call that does almost nothing (lmbench's null call): entry and exit only. */
    public void getppid(Pthread current, Runnable k) {
        Task t = (Task) current;
        t.sys(kernel.spec().costs().ns(numasim.topology.Cost.SYSCALL_ENTRY));
        kernel.counters().add(numasim.vm.SyscallEvent.GETPPID, 1);
        t.sync(k);
    }

    /** sched_yield(): entry and exit, and the CPU's next queued task runs first if there is one. */
    public void schedYield(Pthread current, Runnable k) {
        Task t = (Task) current;
        t.sys(kernel.spec().costs().ns(numasim.topology.Cost.SYSCALL_ENTRY));
        kernel.counters().add(numasim.vm.SyscallEvent.SCHED_YIELD, 1);
        t.yield(k);
    }

    /** lseek(fd, off, SEEK_SET) on a regular file: no I/O, the VFS path only. */
    public void lseek(Pthread current, Runnable k) {
        Task t = (Task) current;
        kernel.vm().io().lseek(t, k);
    }

    /**
     * mmap(NULL, len, prot, flags, fd, pgoff pages): {@code flags} is the protection (Vma.VM_READ, ...)
     * with Vma.VM_SHARED for MAP_SHARED (writes go to the file), without it MAP_PRIVATE.
     */
    public void mmapFile(Pthread current, File f, long pgoff, long len, int flags, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().mmapFile(t, mm, new FileRange(f, pgoff, len), flags, k);
    }

    public void read(Pthread current, File f, long offset, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().io().read(t, f, offset, len, k);
    }

    public void write(Pthread current, File f, long offset, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().io().write(t, f, offset, len, k);
    }

    /**
     * fork() by {@code current}: a child process with a copy-on-write copy of the address space, whose one
     * thread runs {@code childBody} (given the child process and its thread); the parent continues with
     * {@code k} given the child.
     */
    public void fork(Pthread current, String childComm, BiConsumer<Process, Pthread> childBody, Consumer<Process> k) {
        fork(current, childComm, -1, null, childBody, k);
    }

    /** fork() by a parent whose affinity is {@code affinity} (null: any CPU); the child starts on {@code cpu}. */
    public void fork(Pthread current, String childComm, int cpu, java.util.BitSet affinity, BiConsumer<Process, Pthread> childBody,
            Consumer<Process> k) {
        Task t = (Task) current;
        t.sys(kernel.spec().costs().ns(Cost.SYSCALL_ENTRY));
        kernel.counters().add(SyscallEvent.FORK, 1);
        kernel.vm().fork(t, mm, childMm -> {
            Process child = kernel.adopt(childComm, childMm);
            child.start(childComm, cpu, affinity, c -> childBody.accept(child, c));
            t.sync(() -> k.accept(child));
        });
    }

    /**
     * execve by the process's only thread {@code t}: a fresh address space with the image's segments,
     * stack and heap; the old one is torn down.
     */
    public void exec(Pthread current, String newComm, ExecImage image, Runnable k) {
        Task t = (Task) current;
        if (!t.synced()) {
            t.sync(() -> exec(t, newComm, image, k));
            return;
        }
        t.sys(kernel.spec().costs().ns(Cost.SYSCALL_ENTRY) + kernel.spec().costs().ns(Cost.EXEC_PATH));
        kernel.counters().add(SyscallEvent.EXECVE, 1);
        Mm old = mm;
        Mm fresh = kernel.vm().newMm(kernel.sched().cpu(t.cpu()).node);
        mm = fresh;
        fresh.addUser(1);
        old.addUser(-1);
        t.sys(kernel.sched().switchMm(t, fresh));
        if (old.users() == 0) {
            kernel.vm().release(t, old);
        }
        long ps = kernel.pageSize();
        long addr = 0x400000;
        for (ExecImage.Segment s : image.segments()) {
            kernel.vm().mapFixed(t, fresh, addr, s.prot(), new FileRange(s.file(), s.pgoff(), s.pages() * ps));
            addr += (s.pages() + 1) * ps; // a guard page between segments keeps them apart
        }
        long stackTop = 0x7ffe_0000_0000L;
        kernel.vm().mapFixed(t, fresh, stackTop - image.stackBytes(), Vma.VM_READ | Vma.VM_WRITE, new FileRange(null, 0, image.stackBytes()));
        t.sync(k);
    }

    /** wait4 for {@code child}: {@code k} runs once it has exited. */
    public void waitChild(Pthread current, Process child, Runnable k) {
        Task t = (Task) current;
        if (!child.alive()) {
            t.sync(k);
            return;
        }
        child.exitWaiters.await(t, () -> waitChild(t, child, k));
    }

    /** Runs {@code hook} once the last thread has exited and the address space is gone. */
    public void onExit(Runnable hook) {
        exitHooks.add(hook);
    }

    /** userfaultfd(2): a new userfaultfd; set it up with UFFDIO_API before registering ranges. */
    public numasim.vm.Userfaultfd userfaultfd(Pthread current) {
        Task t = (Task) current;
        t.sys(kernel.spec().costs().ns(Cost.SYSCALL_ENTRY));
        kernel.counters().add(SyscallEvent.USERFAULTFD, 1);
        return kernel.vm().userfaultfd(mm);
    }

    /**
     * unlink(2) of the last name of {@code f}, no descriptor left open: its page cache goes; a DAX file's
     * layout is broken in every address space first (truncate), then its extent goes back to the device.
     */
    public void unlink(Pthread current, File f, Runnable k) {
        Task t = (Task) current;
        if (f.dax()) {
            kernel.vm().daxDelete(t, f, k);
            return;
        }
        kernel.vm().pageCache().delete(t, f);
        k.run();
    }

    /** mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0). */
    public void mmapAnon(Pthread current, long len, int prot, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().mmapAnon(t, mm, len, prot, k);
    }

    /** brk(addr): {@code k} gets the program break in force afterwards (brk(0) just reads it). */
    public void brk(Pthread current, long addr, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().brk(t, mm, addr, k);
    }

    public void munmap(Pthread current, long addr, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().munmap(t, mm, addr, len, k);
    }

    public void mprotect(Pthread current, long addr, long len, int prot, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().mprotect(t, mm, addr, len, prot, k);
    }

    public void madviseDontneed(Pthread current, long addr, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().madviseDontneed(t, mm, addr, len, k);
    }

    /** madvise(addr, len, MADV_GUARD_INSTALL). */
    public void madviseGuardInstall(Pthread current, long addr, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().madviseGuardInstall(t, mm, addr, len, k);
    }

    /** madvise(addr, len, MADV_GUARD_REMOVE). */
    public void madviseGuardRemove(Pthread current, long addr, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().madviseGuardRemove(t, mm, addr, len, k);
    }

    /** mlock(addr, len). */
    public void mlock(Pthread current, long addr, long len, LongConsumer k) {
        Task t = (Task) current;
        kernel.vm().addressSpace().mlock(t, mm, addr, len, k);
    }

    /** What the program sees of the machine it runs on (its clock, CPUs, page size, files). */
    public UserEnv env() {
        return kernel.userEnv();
    }

    /**
     * A load or store by user code. Returns true if it completed at once; false if it faulted, and then
     * {@code retry} runs after the fault (it should repeat the access). SIGSEGV or SIGBUS kills the process.
     */
    public boolean access(Pthread current, long addr, boolean write, Runnable retry) {
        Task t = (Task) current;
        return kernel.vm().mmu().access(t, mm, addr, write, retry, (a, sigbus) -> {
            throw new FatalSignal(comm + "[" + t.tid + "]: " + (sigbus ? "SIGBUS (bus error)" : "SIGSEGV (segfault)") + " at 0x" + Long.toHexString(a));
        });
    }

    /** User-mode computation of {@code ns}, preemptible at slice boundaries. */
    public void compute(Pthread current, double ns, Runnable k) {
        Task t = (Task) current;
        double slice = 1_000_000; // check for preemption every ms of work
        if (ns <= slice) {
            t.user(ns);
            t.sync(k);
            return;
        }
        t.user(slice);
        t.sync(() -> compute(t, ns - slice, k));
    }

    /** nanosleep. */
    public void nanosleep(Pthread current, double ns, Runnable k) {
        Task t = (Task) current;
        if (!t.synced()) {
            t.sync(() -> nanosleep(t, ns, k));
            return;
        }
        kernel.sim().after(ns, () -> t.sys(kernel.sched().wake(t, -1)));
        t.block(k);
    }

    /** Thread exit; the last one tears down the address space first (exit_mmap). */
    public void exit(Pthread current) {
        Task t = (Task) current;
        live--;
        mm.addUser(-1);
        if (live > 0) {
            t.sync(() -> {
                kernel.threadExited(t);
                t.exit();
            });
            return;
        }
        t.sync(() -> {
            kernel.vm().release(t, mm);
            t.sync(() -> {
                exitWaiters.wakeAll(t);
                kernel.threadExited(t);
                t.exit();
                exitHooks.forEach(Runnable::run);
            });
        });
    }

    /** getrusage(RUSAGE_THREAD) of each thread the process ever had, in creation order. */
    public List<Rusage> threadRusage() {
        List<Rusage> l = new ArrayList<>();
        for (Task t : threads) {
            l.add(new Rusage(t.userNs(), t.sysNs(), t.voluntarySwitches(), t.involuntarySwitches()));
        }
        return l;
    }

    /** getrusage(RUSAGE_SELF). */
    public Rusage rusage() {
        double u = 0;
        double s = 0;
        long v = 0;
        long i = 0;
        for (Task t : threads) {
            u += t.userNs();
            s += t.sysNs();
            v += t.voluntarySwitches();
            i += t.involuntarySwitches();
        }
        return new Rusage(u, s, v, i);
    }
}
