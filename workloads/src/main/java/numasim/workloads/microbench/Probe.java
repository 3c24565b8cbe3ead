package numasim.workloads.microbench;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import numasim.kernel.ExecImage;
import numasim.kernel.Pipe;
import numasim.kernel.Process;
import numasim.kernel.WaitQueue;
import numasim.topology.ConfigException;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.Vma;
import numasim.workloads.Touch;

/**
 * The primitives numasim measures, each the loop its real microbenchmark runs (lmbench's lat_syscall,
 * lat_pipe, lat_proc, lat_sig; a first-touch loop like will-it-scale's page_fault1; munmap of touched
 * pages with other threads of the mm running, as TLB-shootdown studies measure it).
 */
public enum Probe {
    NULL_SYSCALL("null-syscall", "getppid() in a loop (lmbench lat_syscall null)", 20000, 0, Probe::nullSyscall),
    LSEEK("lseek", "lseek(fd, 0, SEEK_SET) on a file (the VFS path of a cheap system call)", 20000, 0, Probe::lseek),
    FAULT_ANON("fault-anon", "first write to each 4 KiB page of a fresh private anonymous mapping, per fault", 4096, 0, Probe::faultAnon),
    FAULT_ANON_THP("fault-anon-thp", "first write to each 2 MiB of a fresh mapping with THP, per 2 MiB fault", 32, 0, Probe::faultThp),
    FAULT_ZERO_READ("fault-zero-read", "first read of each page of a fresh anonymous mapping (maps the zero page), per fault", 4096, 0, Probe::faultZeroRead),
    FAULT_COW("fault-cow", "write to each page shared copy-on-write with a forked child, per fault", 2048, 0, Probe::faultCow),
    FAULT_FILE("fault-file", "read of each page of a cached file mapped privately, fault-around on, per page", 4096, 0, Probe::faultFile),
    FAULT_FILE_NOFA("fault-file-nofa", "the same with fault_around_bytes one page (a fault per page), per page", 4096, 0, Probe::faultFile),
    MMAP_MUNMAP_1("mmap-munmap-1", "mmap and munmap of one untouched page, single thread", 5000, 0, t -> mmapMunmap(t, 1, false, 0)),
    MMAP_MUNMAP_128("mmap-munmap-128", "mmap, touch and munmap of 128 pages, single thread", 500, 0, t -> mmapMunmap(t, 128, true, 0)),
    MMAP_MUNMAP_128_16T("mmap-munmap-128-16t", "the same while 15 other threads of the mm run (the munmap shoots down)", 500, 15,
            t -> mmapMunmap(t, 128, true, Math.min(15, t.cpus - 1))),
    MUNMAP_TOUCHED("munmap-touched", "munmap of one touched page, single thread (no other CPU has the mm), per munmap", 2000, 0, t -> shootdown(t, 0, false)),
    SHOOTDOWN_1("shootdown-1", "munmap of one touched page while 1 other thread of the mm runs (same socket), per munmap", 2000, 1, t -> shootdown(t, 1, false)),
    SHOOTDOWN_2("shootdown-2", "the same with 2 threads running", 2000, 2, t -> shootdown(t, 2, false)),
    SHOOTDOWN_4("shootdown-4", "the same with 4 threads running", 2000, 4, t -> shootdown(t, 4, false)),
    SHOOTDOWN_8("shootdown-8", "the same with 8 threads running", 1000, 8, t -> shootdown(t, 8, false)),
    SHOOTDOWN_15("shootdown-15", "the same with 15 threads running", 1000, 15, t -> shootdown(t, 15, false)),
    SHOOTDOWN_ALL("shootdown-all", "the same with a thread running on every other CPU", 500, 1, t -> shootdown(t, t.cpus - 1, false)),
    SHOOTDOWN_REMOTE("shootdown-remote", "munmap of one touched page while 1 thread of the mm runs on another socket", 2000, 1, t -> shootdown(t, 1, true)),
    SHOOTDOWN_IDLE("shootdown-idle", "munmap of one touched page after a thread of the mm on another CPU went to sleep (lazy TLB)", 1000, 1, Probe::shootdownIdle),
    IPI_CALL_SMT("ipi-call-smt", "smp_call_function_single of an empty function with wait from a kernel module, to the SMT sibling running a user thread, per call", 5000, 1,
            r -> ipiCall(r, Reach.SMT)),
    IPI_CALL_SOCKET("ipi-call-socket", "the same to another core of the socket", 5000, 1, r -> ipiCall(r, Reach.SOCKET)),
    IPI_CALL_REMOTE("ipi-call-remote", "the same to a core of another socket", 5000, 1, r -> ipiCall(r, Reach.REMOTE)),
    IPI_CALL_IDLE("ipi-call-idle", "the same to an idle core of the socket (a halted vCPU in a guest, as kvm-unit-tests' vmexit ipi measures it): the call waits for the target to wake", 2000, 1,
            Probe::ipiCallIdle),
    LINE_PINGPONG_SMT("line-pingpong-smt", "two threads on SMT siblings take turns incrementing one shared word (cache-to-cache latency, as Intel MLC's c2c), per hand-off",
            20000, 1, r -> pingpong(r, Reach.SMT)),
    LINE_PINGPONG_SOCKET("line-pingpong-socket", "the same between two cores of one socket, per hand-off", 20000, 1, r -> pingpong(r, Reach.SOCKET)),
    LINE_PINGPONG_REMOTE("line-pingpong-remote", "the same between cores of two sockets, per hand-off", 20000, 1, r -> pingpong(r, Reach.REMOTE)),
    FUTEX_CTXSW("futex-ctxsw", "two processes on two CPUs of one socket hand a futex word back and forth, each waking the other and sleeping until woken (tsuna's contextswitch timectxsw), per switch as it counts them (a quarter of a round)",
            5000, 1, Probe::futexHandoff),
    PAGE_ALLOC_64("page-alloc-64", "alloc_pages of order 0 in batches of 64 from a kernel module (mmtests pagealloc-micro), per page: the pcp list, refilled from the buddy lists every pcp batch", 200, 0,
            r -> pageBatches(r, 0, 64, true)),
    PAGE_FREE_64("page-free-64", "__free_pages of the same batches, per page: onto the pcp list (64 stays below pcp high)", 200, 0, r -> pageBatches(r, 0, 64, false)),
    PAGE_ALLOC_4096("page-alloc-4096", "alloc_pages of order 0 in batches of 4096, per page (the pcp list empties: refills under zone->lock)", 20, 0,
            r -> pageBatches(r, 0, 4096, true)),
    PAGE_FREE_4096("page-free-4096", "__free_pages of the same batches, per page (above pcp high: drains to the buddy lists under zone->lock)", 20, 0,
            r -> pageBatches(r, 0, 4096, false)),
    PAGE_ALLOC_REMOTE("page-alloc-remote-64", "alloc_pages of order 0 on another node (__GFP_THISNODE there) in batches of 64 from CPU 0, per page", 200, 0,
            r -> pageBatches(r, 0, 64, true, remoteNode(r), false)),
    PAGE_ALLOC_HUGE("page-alloc-huge", "alloc_pages with __GFP_COMP of the huge page's order (9 for 2 MiB of 4 KiB pages, 8 for 16 MiB of 64 KiB), as a THP fault allocates, in batches of 8, per block", 100, 0,
            r -> pageBatches(r, hugeOrder(r), 8, true, 0, true)),
    PAGE_FREE_HUGE("page-free-huge", "__free_pages of the same blocks, per block (free_pages_prepare walks the tail pages)", 100, 0,
            r -> pageBatches(r, hugeOrder(r), 8, false, 0, true)),
    PAGE_ALLOC_ORDER1("page-alloc-order1-64", "alloc_pages of order 1 in batches of 64, per block (no pcp list for order 1: the buddy lists under zone->lock)", 200, 0,
            r -> pageBatches(r, 1, 64, true)),
    RWSEM_READ("rwsem-read", "down_read and up_read of an uncontended rwsem (the process's mmap_sem) from a kernel module, per pair", 20000, 0, LockProbes::rwsemRead),
    RWSEM_WRITE_SPIN("rwsem-write-spin", "two threads on two cores of a socket take the mmap_sem for write in turn, 1 us in each section, so the waiter spins on the running owner (optimistic spinning); per hand-off, the section left out",
            2000, 1, LockProbes::rwsemWriteSpin),
    RWSEM_WRITE_SLEEP("rwsem-write-sleep", "a writer waits for the mmap_sem while its owner sleeps holding it (no spinning on an owner off its CPU), so it sleeps too; from the owner's up_write to the waiter holding the lock",
            500, 1, r -> LockProbes.rwsemWake(r, true)),
    RWSEM_READ_WAKE("rwsem-read-after-write", "a reader sleeps on the mmap_sem behind a writer computing on another core; from the writer's up_write to the reader holding the lock (its CPU idled meanwhile)",
            500, 1, r -> LockProbes.rwsemWake(r, false)),
    SPINLOCK("spinlock", "spin_lock and spin_unlock of an uncontended spinlock from a kernel module, per pair", 20000, 0, LockProbes::spinLock),
    SPINLOCK_HANDOFF_SMT("spinlock-handoff-smt", "kernel threads on two SMT siblings take one spinlock in turn with empty sections, per acquisition: the hand-off to a spinning waiter",
            20000, 1, r -> LockProbes.spinHandoff(r, Reach.SMT)),
    SPINLOCK_HANDOFF_SOCKET("spinlock-handoff-socket", "the same between two cores of one socket", 20000, 1, r -> LockProbes.spinHandoff(r, Reach.SOCKET)),
    SPINLOCK_HANDOFF_REMOTE("spinlock-handoff-remote", "the same between cores of two sockets", 20000, 1, r -> LockProbes.spinHandoff(r, Reach.REMOTE)),
    CLEAR_PAGE("clear-page", "clear_page of one base page (4 KiB; 64 KiB on POWER8) from a kernel module, per page", 2000, 0, r -> clear(r, false)),
    CLEAR_PAGE_HUGE("clear-page-huge", "clear_huge_page of one huge page (2 MiB; 16 MiB on POWER8) from a kernel module, per huge page", 20, 0, r -> clear(r, true)),
    FLUSH_TLB_1("flush-tlb-1", "flush_tlb_mm_range of one page of a single-threaded mm from a kernel module (the initiator's whole call, no other CPU has the mm), per call",
            5000, 0, r -> flushTlb(r, 1)),
    FLUSH_TLB_33("flush-tlb-33", "the same for 33 pages (tlb_single_page_flush_ceiling: still page by page)", 5000, 0, r -> flushTlb(r, 33)),
    FLUSH_TLB_FULL("flush-tlb-full", "the same for 512 pages (above the ceiling: the whole TLB)", 5000, 0, r -> flushTlb(r, 512)),
    TLB_STLB_HIT("tlb-stlb-hit", "reads cycling over 512 touched pages, more than the L1 DTLB holds and fewer than the second-level TLB, per read", 100, 0,
            r -> tlbCycle(r, 512)),
    TLB_WALK("tlb-walk", "reads cycling over 4096 touched pages, more than the second-level TLB holds: a page walk per read (tables in the caches), per read", 20, 0,
            r -> tlbCycle(r, 4096)),
    VMCALL("vmcall", "a hypercall the host does not implement, from a kernel module of a guest (kvm-unit-tests' vmexit vmcall): one exit and re-entry, per call", 20000, 0,
            r -> hypercall(r)),
    SMT_HALF_CORE("smt-half-core", "half the hardware threads of one core compute at once (SMT4 of SMT8, one of two): each thread's time per microsecond of its work", 200, 1,
            r -> smtCompute(r, false)),
    SMT_FULL_CORE("smt-full-core", "every hardware thread of one core computes at once: each thread's time per microsecond of its work (1 us over the core's SMT throughput share)", 200, 1,
            r -> smtCompute(r, true)),
    PIPE_ROUNDTRIP("pipe-roundtrip", "one byte back and forth between two processes over two pipes (lmbench lat_pipe), per round trip", 5000, 1, Probe::pipe),
    FORK_EXIT("fork-exit", "fork, the child exits, the parent waits (lmbench lat_proc fork)", 300, 0, t -> forkLoop(t, false)),
    FORK_EXEC("fork-exec", "fork, the child execs a small program that exits, the parent waits (lmbench lat_proc exec)", 200, 0, t -> forkLoop(t, true)),
    SIGNAL("signal", "raise a signal caught by a handler that returns at once (lmbench lat_sig catch)", 10000, 0, Probe::signal),
    THREAD_CREATE("thread-create", "pthread_create of a thread that exits at once, and pthread_join", 1000, 0, Probe::threadCreate);

    public final String key;
    public final String doc;
    final int defaultIterations;
    /** Other CPUs the probe needs busy or used (0: one CPU). */
    final int helpers;
    final Consumer<Microbench.Run> body;

    Probe(String key, String doc, int iterations, int helpers, Consumer<Microbench.Run> body) {
        this.key = key;
        this.doc = doc;
        this.defaultIterations = iterations;
        this.helpers = helpers;
        this.body = body;
    }

    /** Whether the machine has what the probe needs: a ping-pong needs a CPU at its distance from CPU 0. */
    public boolean runsOn(numasim.topology.Topology topo) {
        return switch (this) {
            case LINE_PINGPONG_SMT, IPI_CALL_SMT, SPINLOCK_HANDOFF_SMT -> partner(topo, Reach.SMT) >= 0;
            case LINE_PINGPONG_SOCKET, IPI_CALL_SOCKET, IPI_CALL_IDLE, SPINLOCK_HANDOFF_SOCKET, RWSEM_WRITE_SPIN, RWSEM_WRITE_SLEEP, RWSEM_READ_WAKE -> partner(topo, Reach.SOCKET) >= 0;
            case LINE_PINGPONG_REMOTE, IPI_CALL_REMOTE, SPINLOCK_HANDOFF_REMOTE -> partner(topo, Reach.REMOTE) >= 0;
            case VMCALL -> topo.spec().guest();
            case SMT_HALF_CORE, SMT_FULL_CORE -> partner(topo, Reach.SMT) >= 0;
            case PAGE_ALLOC_REMOTE -> topo.nodes() > 1;
            default -> true;
        };
    }

    /** What {@link #runsOn} asks of a machine, in words (for the message that refuses the probe). */
    public String needs() {
        return switch (this) {
            case LINE_PINGPONG_SMT, IPI_CALL_SMT, SPINLOCK_HANDOFF_SMT, SMT_HALF_CORE, SMT_FULL_CORE -> "an SMT sibling of CPU 0";
            case LINE_PINGPONG_SOCKET, IPI_CALL_SOCKET, IPI_CALL_IDLE, SPINLOCK_HANDOFF_SOCKET, RWSEM_WRITE_SPIN, RWSEM_WRITE_SLEEP, RWSEM_READ_WAKE ->
                "another core on CPU 0's socket";
            case LINE_PINGPONG_REMOTE, IPI_CALL_REMOTE, SPINLOCK_HANDOFF_REMOTE, SHOOTDOWN_REMOTE -> "a second socket";
            case VMCALL -> "a hypervisor (a guest preset)";
            case PAGE_ALLOC_REMOTE -> "a second NUMA node";
            default -> "CPUs for its " + helpers + " helper threads";
        };
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(p -> p.key).toList();
    }

    public static Probe byName(String name) {
        for (Probe p : values()) {
            if (p.key.equals(name)) {
                return p;
            }
        }
        throw new ConfigException("microbench", "unknown probe '" + name + "' (probes: " + String.join(", ", names()) + ")");
    }

    private static final int RW = Vma.VM_READ | Vma.VM_WRITE;

    private static void nullSyscall(Microbench.Run r) {
        r.main((p, t) -> r.loop(t, r.iterations, next -> p.getppid(t, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    private static void lseek(Microbench.Run r) {
        r.main((p, t) -> r.loop(t, r.iterations, next -> p.lseek(t, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    private static void faultAnon(Microbench.Run r) {
        long ps = r.env.pageSize();
        long len = r.iterations * ps;
        r.main((p, t) -> p.mmapAnon(t, len, RW, addr -> {
            double start = t.cursor();
            Touch.eachPage(p, t, addr, len, 0, () -> {
                r.result(t.cursor() - start, r.iterations);
                p.exit(t);
            });
        }));
    }

    private static void faultThp(Microbench.Run r) {
        long huge = 2L << 20;
        long len = (r.iterations + 1) * huge;
        r.main((p, t) -> p.mmapAnon(t, len, RW, addr -> {
            long aligned = (addr + huge - 1) & -huge;
            double start = t.cursor();
            strided(p, t, aligned, r.iterations, huge, true, () -> {
                r.result(t.cursor() - start, r.iterations);
                p.exit(t);
            });
        }));
    }

    /** One access every {@code stride} bytes, {@code n} of them. */
    private static void strided(Process p, Pthread t, long addr, int n, long stride, boolean write, Runnable k) {
        for (int i = 0; i < n; i++) {
            int at = i;
            if (!p.access(t, addr + i * stride, write, () -> strided(p, t, addr + at * stride, n - at, stride, write, k))) {
                return;
            }
        }
        t.sync(k);
    }

    private static void faultZeroRead(Microbench.Run r) {
        long ps = r.env.pageSize();
        r.main((p, t) -> p.mmapAnon(t, r.iterations * ps, RW, addr -> {
            double start = t.cursor();
            strided(p, t, addr, r.iterations, ps, false, () -> {
                r.result(t.cursor() - start, r.iterations);
                p.exit(t);
            });
        }));
    }

    private static void faultCow(Microbench.Run r) {
        long ps = r.env.pageSize();
        long len = r.iterations * ps;
        WaitQueue parked = r.env.waitQueue();
        r.main((p, t) -> p.mmapAnon(t, len, RW, addr -> Touch.eachPage(p, t, addr, len, 0,
                () -> p.fork(t, "child", (child, ct) -> parked.await(ct, () -> child.exit(ct)), child -> {
                    double start = t.cursor();
                    strided(p, t, addr, r.iterations, ps, true, () -> {
                        r.result(t.cursor() - start, r.iterations);
                        parked.wakeAll(t);
                        p.waitChild(t, child, () -> p.exit(t));
                    });
                }))));
    }

    private static void faultFile(Microbench.Run r) {
        long ps = r.env.pageSize();
        long len = r.iterations * ps;
        File f = r.env.createFile("data", false, len);
        r.env.cached(f, 0);
        r.main((p, t) -> p.mmapFile(t, f, 0, len, Vma.VM_READ, addr -> {
            double start = t.cursor();
            strided(p, t, addr, r.iterations, ps, false, () -> {
                r.result(t.cursor() - start, r.iterations);
                p.exit(t);
            });
        }));
    }

    /** Threads of {@code p} on CPUs {@code cpus} that compute in 50 us steps until {@code stop[0]}. */
    private static void spinners(Process p, int[] cpus, boolean[] stop, WaitQueue started, int[] running) {
        for (int c : cpus) {
            p.start("spin", c, t -> {
                running[0]++;
                started.wakeAll(t);
                spin(p, t, stop);
            });
        }
    }

    private static void spin(Process p, Pthread t, boolean[] stop) {
        if (stop[0]) {
            p.exit(t);
            return;
        }
        p.compute(t, 50_000, () -> spin(p, t, stop));
    }

    /** n CPUs other than 0: those of CPU 0's socket first (only other sockets' when {@code remote}). */
    private static int[] helperCpus(Microbench.Run r, int n, boolean remote) {
        int[] c = new int[n];
        var topo = r.env.topology();
        int i = 0;
        for (int pass = remote ? 1 : 0; pass < 2 && i < n; pass++) {
            for (int cpu = 1; cpu < r.cpus && i < n; cpu++) {
                if ((topo.socketOf(cpu) != topo.socketOf(0)) == (pass == 1)) {
                    c[i++] = cpu;
                }
            }
        }
        if (i < n) {
            throw new ConfigException("microbench", "needs " + n + (remote ? " CPUs on another socket" : " other CPUs") + ", the machine has " + i);
        }
        return c;
    }

    private static void mmapMunmap(Microbench.Run r, int pages, boolean touch, int helpers) {
        long len = pages * r.env.pageSize();
        boolean[] stop = {false};
        int[] running = {0};
        WaitQueue started = r.env.waitQueue();
        r.main((p, t) -> {
            spinners(p, helperCpus(r, helpers, false), stop, started, running);
            until(t, started, () -> running[0] >= helpers, () -> r.loop(t, r.iterations, next -> p.mmapAnon(t, len, RW, addr -> {
                Runnable unmap = () -> p.munmap(t, addr, len, x -> next.run());
                if (touch) {
                    Touch.eachPage(p, t, addr, len, 0, unmap);
                } else {
                    unmap.run();
                }
            }), ns -> {
                r.result(ns, r.iterations);
                stop[0] = true;
                p.exit(t);
            }));
        });
    }

    /** Times the munmap alone of a touched page while {@code n} threads of the mm run elsewhere. */
    private static void shootdown(Microbench.Run r, int n, boolean remote) {
        long ps = r.env.pageSize();
        boolean[] stop = {false};
        int[] running = {0};
        double[] munmapNs = {0};
        WaitQueue started = r.env.waitQueue();
        r.main((p, t) -> {
            spinners(p, helperCpus(r, n, remote), stop, started, running);
            until(t, started, () -> running[0] >= n, () -> r.loop(t, r.iterations, next -> p.mmapAnon(t, ps, RW, addr -> Touch.eachPage(p, t, addr, ps, 0,
                    () -> timedMunmap(p, t, addr, ps, munmapNs, next))), ns -> {
                r.result(munmapNs[0], r.iterations);
                stop[0] = true;
                p.exit(t);
            }));
        });
    }

    /**
     * The helper touches the page, then sleeps: its CPU idles with the mm loaded (lazy TLB), so the munmap's
     * IPI must wake it; each round the helper is woken to load the mm again.
     */
    private static void shootdownIdle(Microbench.Run r) {
        long ps = r.env.pageSize();
        WaitQueue go = r.env.waitQueue();
        WaitQueue done = r.env.waitQueue();
        double[] munmapNs = {0};
        boolean[] stop = {false};
        int[] round = {0};
        int[] want = {0};
        int cpu = helperCpus(r, 1, false)[0];
        r.main((p, t) -> {
            p.start("sleeper", cpu, h -> helperRound(p, h, go, done, round, want, stop));
            r.loop(t, r.iterations, next -> p.mmapAnon(t, ps, RW, addr -> Touch.eachPage(p, t, addr, ps, 0, () -> {
                int mine = round[0];
                want[0] = mine + 1;
                go.wakeAll(t);
                // once the helper has run the mm and is asleep again, unmap
                until(t, done, () -> round[0] > mine, () -> p.nanosleep(t, 100_000, () -> timedMunmap(p, t, addr, ps, munmapNs, next)));
            })), ns -> {
                r.result(munmapNs[0], r.iterations);
                stop[0] = true;
                go.wakeAll(t);
                p.exit(t);
            });
        });
    }

    /** Sleeps until a round is wanted (or the end), runs briefly in the mm, says so, and sleeps again. */
    private static void helperRound(Process p, Pthread h, WaitQueue go, WaitQueue done, int[] round, int[] want, boolean[] stop) {
        if (stop[0]) {
            p.exit(h);
            return;
        }
        if (want[0] <= round[0]) {
            go.await(h, () -> helperRound(p, h, go, done, round, want, stop));
            return;
        }
        p.compute(h, 1000, () -> { // runs the mm again: the CPU loads it
            round[0]++;
            done.wakeAll(h);
            helperRound(p, h, go, done, round, want, stop);
        });
    }

    /** munmap of {@code [addr, addr + len)}, its time added to {@code total}; then {@code next}. */
    private static void timedMunmap(Process p, Pthread t, long addr, long len, double[] total, Runnable next) {
        double before = t.cursor();
        p.munmap(t, addr, len, x -> {
            total[0] += t.cursor() - before;
            next.run();
        });
    }

    /** Sleeps on {@code q} until {@code cond} holds (checked at each wake-up), then {@code k}. */
    static void until(Pthread t, WaitQueue q, java.util.function.BooleanSupplier cond, Runnable k) {
        if (!t.synced()) { // test and sleep in one event, at the thread's own time: no wake-up falls between
            t.sync(() -> until(t, q, cond, k));
            return;
        }
        if (cond.getAsBoolean()) {
            t.sync(k);
            return;
        }
        q.await(t, () -> until(t, q, cond, k));
    }

    /** CPU 0 calls an empty function on the partner CPU, where a thread of the process computes. */
    private static void ipiCall(Microbench.Run r, Reach reach) {
        int cpu = partnerOf(r, reach);
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        boolean[] stop = {false};
        int[] running = {0};
        WaitQueue started = r.env.waitQueue();
        r.main((p, t) -> {
            spinners(p, new int[] {cpu}, stop, started, running);
            until(t, started, () -> running[0] >= 1, () -> r.loop(t, r.iterations, next -> mod.smpCallFunctionSingle(t, cpu, next), ns -> {
                r.result(ns, r.iterations);
                stop[0] = true;
                p.exit(t);
            }));
        });
    }

    /** smp_call_function_single with wait to a CPU with nothing to run: each call wakes it from idle. */
    private static void ipiCallIdle(Microbench.Run r) {
        int cpu = partnerOf(r, Reach.SOCKET);
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        r.main((p, t) -> r.loop(t, r.iterations, next -> mod.smpCallFunctionSingle(t, cpu, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    /** {@link #partner}, or a clear error when the machine has no CPU at that distance. */
    static int partnerOf(Microbench.Run r, Reach reach) {
        int cpu = partner(r.env.topology(), reach);
        if (cpu < 0) {
            throw new ConfigException("microbench", "the machine has no CPU at " + reach.name().toLowerCase(java.util.Locale.ROOT) + " distance from CPU 0");
        }
        return cpu;
    }

    /** Where the second thread of a ping-pong runs, seen from CPU 0. */
    enum Reach { SMT, SOCKET, REMOTE }

    /** The first CPU at {@code reach} from CPU 0: its SMT sibling, another core of its socket, a core of another socket. */
    static int partner(numasim.topology.Topology topo, Reach reach) {
        for (int cpu = 1; cpu < topo.cpus(); cpu++) {
            boolean sameCore = topo.coreOf(cpu) == topo.coreOf(0);
            boolean sameSocket = topo.socketOf(cpu) == topo.socketOf(0);
            if (reach == Reach.SMT ? sameCore : reach == Reach.SOCKET ? sameSocket && !sameCore : !sameSocket) {
                return cpu;
            }
        }
        return -1;
    }

    /**
     * Thread A (CPU 0) increments the word to an odd value and spins until B (on the partner CPU) makes
     * it even; B does the reverse. Elapsed time over 2 x iterations: one hand-off of the line.
     */
    private static void pingpong(Microbench.Run r, Reach reach) {
        int cpu = partnerOf(r, reach);
        numasim.kernel.SharedWord word = r.env.sharedWord("pingpong");
        java.util.BitSet onA = new java.util.BitSet();
        onA.set(0);
        java.util.BitSet onB = new java.util.BitSet();
        onB.set(cpu);
        Process p = r.env.spawn("c2c", 0);
        p.start("pong", cpu, onB, t -> pong(p, t, word, r.iterations, 1));
        long[] round = {0};
        p.start("ping", 0, onA, t -> r.loop(t, r.iterations, next -> {
            long want = 2 * ++round[0]; // A makes it odd, B even: A's round i ends when the word is 2i
            word.increment(t, () -> word.spinUntil(t, want, next));
        }, ns -> {
            r.result(ns, 2L * r.iterations);
            p.exit(t);
        }));
    }

    private static void pong(Process p, Pthread t, numasim.kernel.SharedWord word, int left, long next) {
        if (left == 0) {
            return; // the process's exit ends this thread too
        }
        word.spinUntil(t, next, () -> word.increment(t, () -> pong(p, t, word, left - 1, next + 2)));
    }

    /**
     * timectxsw's loop (tsuna/contextswitch): the word starts at A; the parent sets A, FUTEX_WAKEs until it
     * has woken the child, sched_yields, and FUTEX_WAITs on B; the child sched_yields, FUTEX_WAITs on A,
     * sets B and wakes the parent the same way. A wait that finds another value (EAGAIN) or a wake that
     * found no sleeper sched_yields and tries again. timectxsw counts four switches a round: the result
     * is elapsed time over 4 x iterations.
     */
    private static void futexHandoff(Microbench.Run r) {
        numasim.kernel.Futex f = r.env.futex("timectxsw");
        int[] word = {WORD_A};
        Process parent = r.env.spawn("timectxsw", 0);
        Process child = r.env.spawn("timectxsw", 0);
        int cpu = helperCpus(r, 1, false)[0];
        child.start("child", cpu, t -> childRound(child, t, f, word, r.iterations));
        parent.start("parent", 0, t -> r.loop(t, r.iterations, next -> t.sync(() -> {
            word[0] = WORD_A;
            wakeOne(parent, t, f, () -> parent.schedYield(t, () -> sleepUntilWoken(parent, t, f, () -> word[0] == WORD_B, next)));
        }), ns -> {
            r.result(ns, 4L * r.iterations);
            parent.exit(t);
        }));
    }

    private static final int WORD_A = 0xA;
    private static final int WORD_B = 0xB;

    private static void childRound(Process p, Pthread t, numasim.kernel.Futex f, int[] word, int left) {
        if (left == 0) {
            p.exit(t);
            return;
        }
        p.schedYield(t, () -> sleepUntilWoken(p, t, f, () -> word[0] == WORD_A, () -> {
            word[0] = WORD_B;
            wakeOne(p, t, f, () -> childRound(p, t, f, word, left - 1));
        }));
    }

    /** FUTEX_WAIT while {@code expected}, sched_yield and again on EAGAIN, until a wake-up ends a sleep. */
    private static void sleepUntilWoken(Process p, Pthread t, numasim.kernel.Futex f, java.util.function.BooleanSupplier expected, Runnable k) {
        f.await(t, expected, slept -> {
            if (slept) {
                k.run();
            } else {
                p.schedYield(t, () -> sleepUntilWoken(p, t, f, expected, k));
            }
        });
    }

    /** FUTEX_WAKE, sched_yield and again until it woke someone. */
    private static void wakeOne(Process p, Pthread t, numasim.kernel.Futex f, Runnable k) {
        f.wake(t, n -> {
            if (n > 0) {
                k.run();
            } else {
                p.schedYield(t, () -> wakeOne(p, t, f, k));
            }
        });
    }

    /**
     * pagealloc-micro.stp's loop: each round allocates {@code batch} blocks of {@code order}, then frees
     * them; the allocations and the frees are timed apart, and one of them is the result, per block.
     */
    private static void pageBatches(Microbench.Run r, int order, int batch, boolean alloc) {
        pageBatches(r, order, batch, alloc, 0, false);
    }

    /** The allocation order of the machine's huge page (a THP or hugetlbfs page). */
    private static int hugeOrder(Microbench.Run r) {
        return Long.numberOfTrailingZeros(r.env.hugePageSize() / r.env.pageSize());
    }

    /** The first node other than CPU 0's. */
    private static int remoteNode(Microbench.Run r) {
        var topo = r.env.topology();
        if (topo.nodes() < 2) {
            throw new ConfigException("microbench", "the machine has one NUMA node: no remote allocation");
        }
        return topo.nodeOf(0) == 0 ? 1 : 0;
    }

    private static void pageBatches(Microbench.Run r, int order, int batch, boolean alloc, int node, boolean compound) {
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        long[] pages = new long[batch];
        double[] allocNs = {0};
        double[] freeNs = {0};
        r.main((p, t) -> r.loop(t, r.iterations, next -> {
            double a0 = t.cursor();
            allocBatch(mod, t, order, node, compound, pages, 0, () -> {
                allocNs[0] += t.cursor() - a0;
                double f0 = t.cursor();
                freeBatch(mod, t, order, pages, 0, () -> {
                    freeNs[0] += t.cursor() - f0;
                    next.run();
                });
            });
        }, ns -> {
            r.result(alloc ? allocNs[0] : freeNs[0], (long) r.iterations * batch);
            p.exit(t);
        }));
    }

    private static void allocBatch(numasim.kernel.KernelModule mod, Pthread t, int order, int node, boolean compound, long[] pages, int i, Runnable k) {
        if (i == pages.length) {
            k.run();
            return;
        }
        java.util.function.LongConsumer keep = pfn -> {
            if (pfn < 0) {
                throw new ConfigException("microbench", "no free block of order " + order + " on node " + node);
            }
            pages[i] = pfn;
            allocBatch(mod, t, order, node, compound, pages, i + 1, k);
        };
        if (compound) {
            mod.allocCompound(t, order, node, keep);
        } else {
            mod.allocPages(t, order, node, keep);
        }
    }

    private static void freeBatch(numasim.kernel.KernelModule mod, Pthread t, int order, long[] pages, int i, Runnable k) {
        if (i == pages.length) {
            k.run();
            return;
        }
        mod.freePages(t, pages[i], order, () -> freeBatch(mod, t, order, pages, i + 1, k));
    }

    private static void clear(Microbench.Run r, boolean huge) {
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        int order = huge ? hugeOrder(r) : 0;
        r.main((p, t) -> r.loop(t, r.iterations, next -> mod.clearPages(t, order, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    /** flush_tlb_mm_range of {@code pages} pages of a mapping of 512 untouched pages, from its start. */
    private static void flushTlb(Microbench.Run r, long pages) {
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        long ps = r.env.pageSize();
        r.main((p, t) -> p.mmapAnon(t, 512 * ps, RW, addr -> r.loop(t, r.iterations,
                next -> mod.flushTlbRange(p, t, addr / ps, pages, next), ns -> {
                    r.result(ns, r.iterations);
                    p.exit(t);
                })));
    }

    /** Touches {@code pages} pages, reads each once more, then times {@code iterations} rounds of reads over them. */
    private static void tlbCycle(Microbench.Run r, int pages) {
        long ps = r.env.pageSize();
        long len = pages * ps;
        r.main((p, t) -> p.mmapAnon(t, len, RW, addr -> Touch.eachPage(p, t, addr, len, 0,
                () -> strided(p, t, addr, pages, ps, false, () -> r.loop(t, r.iterations, next -> strided(p, t, addr, pages, ps, false, next), ns -> {
                    r.result(ns, (long) r.iterations * pages);
                    p.exit(t);
                })))));
    }

    private static void hypercall(Microbench.Run r) {
        numasim.kernel.KernelModule mod = r.env.kernelModule();
        r.main((p, t) -> r.loop(t, r.iterations, next -> mod.hypercall(t, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    private static final double SMT_WORK_NS = 1000;

    /**
     * The threads of CPU 0's core (all, or the first half), one on each, compute {@code iterations} us each
     * once all of them run; CPU 0's thread times its own work: elapsed per microsecond of it.
     */
    private static void smtCompute(Microbench.Run r, boolean full) {
        var topo = r.env.topology();
        java.util.List<Integer> core = new java.util.ArrayList<>();
        for (int cpu = 0; cpu < topo.cpus(); cpu++) {
            if (topo.coreOf(cpu) == topo.coreOf(0)) {
                core.add(cpu);
            }
        }
        int n = full ? core.size() : Math.max(1, core.size() / 2);
        int[] running = {0};
        WaitQueue started = r.env.waitQueue();
        Process p = r.env.spawn("smt", 0);
        for (int i = 1; i < n; i++) {
            java.util.BitSet one = new java.util.BitSet();
            one.set(core.get(i));
            p.start("sibling", core.get(i), one, t -> {
                running[0]++;
                started.wakeAll(t);
                until(t, started, () -> running[0] >= n, () -> p.compute(t, r.iterations * SMT_WORK_NS, () -> { }));
            });
        }
        java.util.BitSet zero = new java.util.BitSet();
        zero.set(0);
        p.start("timed", 0, zero, t -> {
            running[0]++;
            started.wakeAll(t);
            until(t, started, () -> running[0] >= n, () -> {
                double start = t.cursor();
                p.compute(t, r.iterations * SMT_WORK_NS, () -> {
                    r.result(t.cursor() - start, r.iterations);
                    p.exit(t);
                });
            });
        });
    }

    private static void pipe(Microbench.Run r) {
        Process a = r.env.spawn("lat_pipe", 0);
        Process b = r.env.spawn("lat_pipe", 0);
        Pipe ping = a.pipe();
        Pipe pong = a.pipe();
        int cpu = helperCpus(r, 1, false)[0];
        b.start("echo", cpu, t -> echo(b, t, ping, pong, r.iterations));
        a.start("lat_pipe", 0, t -> r.loop(t, r.iterations, next -> ping.write(t, 1, w -> pong.read(t, 1, x -> next.run())), ns -> {
            r.result(ns, r.iterations);
            a.exit(t);
        }));
    }

    private static void echo(Process b, Pthread t, Pipe in, Pipe out, int left) {
        if (left == 0) {
            b.exit(t);
            return;
        }
        in.read(t, 1, x -> out.write(t, 1, w -> echo(b, t, in, out, left - 1)));
    }

    private static void forkLoop(Microbench.Run r, boolean exec) {
        long ps = r.env.pageSize();
        File bin = exec ? r.env.createFile("hello", false, 16 * ps) : null;
        if (bin != null) {
            r.env.cached(bin, 0);
        }
        r.main((p, t) -> p.mmapAnon(t, 64 * ps, RW, addr -> Touch.eachPage(p, t, addr, 64 * ps, 0,
                () -> r.loop(t, r.iterations, next -> p.fork(t, "child", (child, ct) -> {
                    if (exec) {
                        ExecImage image = new ExecImage(List.of(new ExecImage.Segment(bin, 0, 16, Vma.VM_READ | Vma.VM_EXEC)), 8 * ps);
                        child.exec(ct, "hello", image, () -> child.exit(ct));
                    } else {
                        child.exit(ct);
                    }
                }, child -> p.waitChild(t, child, next)), ns -> {
                    r.result(ns, r.iterations);
                    p.exit(t);
                }))));
    }

    private static void signal(Microbench.Run r) {
        r.main((p, t) -> r.loop(t, r.iterations, next -> p.raise(t, 0, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    private static void threadCreate(Microbench.Run r) {
        r.main((p, t) -> r.loop(t, r.iterations, next -> {
            WaitQueue joined = r.env.waitQueue();
            boolean[] gone = {false};
            p.clone(t, "thread", -1, null, ct -> {
                gone[0] = true;
                joined.wakeAll(ct);
                p.exit(ct);
            }, x -> until(t, joined, () -> gone[0], next));
        }, ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

}
