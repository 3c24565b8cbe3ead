package numasim.workloads.ebizzy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;

import numasim.kernel.Process;
import numasim.kernel.Rusage;
import numasim.kernel.UserEnv;
import numasim.kernel.WaitQueue;
import numasim.user.Pthread;
import numasim.vm.Vma;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;
import numasim.workloads.libc.Allocator;
import numasim.workloads.libc.GlibcMalloc;
import numasim.workloads.libc.MmapAllocator;

/**
 * ebizzy 0.3 as the kernel sees it. The main thread allocates {@code -n} chunks and writes the record
 * pattern (mprotect-ing every even chunk with -p), starts {@code -t} threads, lets them go, sleeps
 * {@code -S} seconds, stops them and joins them. Each thread loops: pick a chunk, allocate a copy, then
 * either touch one byte per page (-T) or memcpy the chunk and search a key, then free the copy.
 *
 * <p>ebizzy's random generator starts from state 0 and multiplies, so it never leaves 0: every iteration
 * uses chunk 0, and with -R copies exactly one record. Iterations in flight when the stop flag drops still
 * count; records/s divides by whole elapsed seconds, as time(2) measures them.
 */
public final class Ebizzy implements Workload {
    /** User cost of one comparison on cached data in bsearch (cycles). */
    private static final double BSEARCH_STEP_CYCLES = 10;
    /** User cost of one record visited by the linear search or by ebizzy's own byte copy (cycles). */
    private static final double SIMPLE_OP_CYCLES = 1;

    private final EbizzyOptions o;
    private final boolean dynamicMalloc;
    private UserEnv env;
    private Process proc;
    private Allocator allocator;
    private long[] chunks;
    private long[] holes;
    private boolean go;
    private long records;
    private int finished;
    private double startNs;
    private double stopNs;
    private Rusage ruStart;
    private Rusage ruStop;
    private WaitQueue goQueue;
    private WaitQueue joinQueue;
    private long pageSize;

    Ebizzy(EbizzyOptions o, boolean dynamicMalloc) {
        this.o = o;
        this.dynamicMalloc = dynamicMalloc;
    }

    /** ebizzy's rand_num: {@code state *= 1103515245 + 12345} (precedence as written: one multiply). */
    static int randNum(long max, int[] state) {
        state[0] *= 1103515245 + 12345;
        return (int) (Integer.toUnsignedLong(state[0]) / 65536 % max);
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        this.pageSize = env.pageSize();
        this.proc = env.spawn("ebizzy", 0);
        this.allocator = o.alwaysMmap() ? new MmapAllocator(proc) : new GlibcMalloc(proc, dynamicMalloc, o.neverMmap());
        this.goQueue = env.waitQueue();
        this.joinQueue = env.waitQueue();
        proc.start("ebizzy", -1, this::mainThread);
    }

    @Override
    public double limitNs() {
        return (o.seconds() + 60.0) * 1e9 * 4;
    }

    private double cycles(double c) {
        return env.cyclesToNs(c);
    }

    private double copyNs(long bytes) {
        if (o.noLibMemcpy()) {
            return cycles(SIMPLE_OP_CYCLES * bytes);
        }
        return env.copyNs(bytes);
    }

    // ---- main thread: allocate(), write_pattern(), start_threads() ----------------------------------

    private void mainThread(Pthread t) {
        chunks = new long[o.chunks()];
        holes = new long[o.chunks()];
        allocator.alloc(t, (long) o.chunks() * 8, table -> allocChunk(t, 0));
    }

    private void allocChunk(Pthread t, int i) {
        if (i == o.chunks()) {
            freeHole(t, 0);
            return;
        }
        allocator.alloc(t, o.chunkSize(), addr -> {
            chunks[i] = addr;
            if (o.useHoles()) {
                allocator.alloc(t, pageSize, hole -> {
                    holes[i] = hole;
                    allocChunk(t, i + 1);
                });
            } else {
                allocChunk(t, i + 1);
            }
        });
    }

    private void freeHole(Pthread t, int i) {
        if (!o.useHoles() || i == o.chunks()) {
            writePattern(t, 0, 0);
            return;
        }
        allocator.free(t, holes[i], pageSize, () -> freeHole(t, i + 1));
    }

    /** mem[i][j] = j for every record, page by page; -p then makes every even chunk read-only. */
    private void writePattern(Pthread t, int i, long off) {
        while (i < o.chunks()) {
            while (off < o.chunkSize()) {
                int ci = i;
                long co = off;
                if (!proc.access(t, chunks[i] + off, true, () -> writePattern(t, ci, co))) {
                    return;
                }
                long n = Math.min(pageSize - ((chunks[i] + off) & (pageSize - 1)), o.chunkSize() - off);
                t.user(copyNs(n));
                off += n;
            }
            if (o.usePermissions() && i % 2 == 0) {
                int next = i + 1;
                proc.mprotect(t, chunks[i] & -pageSize, o.chunkSize() + (chunks[i] & (pageSize - 1)), Vma.VM_READ,
                        r -> writePattern(t, next, 0));
                return;
            }
            i++;
            off = 0;
        }
        t.sync(() -> startThreads(t));
    }

    private void startThreads(Pthread t) {
        startThreads(t, 0);
    }

    /** pthread_create, one thread after another. */
    private void startThreads(Pthread t, int i) {
        if (i < o.threads()) {
            proc.clone(t, "ebizzy", -1, null, this::threadRun, c -> startThreads(t, i + 1));
            return;
        }
        // getrusage, then threads_go = 1 and sleep(seconds)
        t.sync(() -> {
            ruStart = proc.rusage();
            startNs = env.now();
            go = true;
            goQueue.wakeAll(t);
            proc.nanosleep(t, o.seconds() * 1e9, () -> stop(t));
        });
    }

    private void stop(Pthread t) {
        go = false;
        stopNs = env.now();
        ruStop = proc.rusage();
        join(t);
    }

    private void join(Pthread t) {
        if (finished < o.threads()) {
            joinQueue.await(t, () -> join(t));
            return;
        }
        proc.exit(t);
    }

    // ---- worker threads: thread_run(), search_mem() -----------------------------------------------

    /** One worker's loop state. */
    private static final class Loop {
        final int[] state = {0};
        long iterations;
    }

    private void threadRun(Pthread t) {
        Loop s = new Loop();
        if (go || stopNs > 0) {
            iteration(t, s);
        } else {
            goQueue.await(t, () -> iteration(t, s));
        }
    }

    private void iteration(Pthread t, Loop s) {
        if (!go) {
            records += s.iterations;
            finished++;
            if (finished == o.threads()) {
                joinQueue.wakeAll(t);
            }
            proc.exit(t);
            return;
        }
        int chunk = randNum(o.chunks(), s.state);
        long src = chunks[chunk];
        long copySize = o.randomSize()
                ? (randNum(o.chunkSize() / EbizzyOptions.RECORD_SIZE, s.state) + 1L) * EbizzyOptions.RECORD_SIZE
                : o.chunkSize();
        allocator.alloc(t, copySize, copy -> {
            if (o.touchPages()) {
                touch(t, s, copy, copySize, 0);
            } else {
                copyChunk(t, s, src, copy, copySize, 0);
            }
        });
    }

    /** touch_mem: one byte written every page_size bytes from the start of the buffer. */
    private void touch(Pthread t, Loop s, long copy, long size, long off) {
        while (off < size) {
            long at = off;
            if (!proc.access(t, copy + off, true, () -> touch(t, s, copy, size, at))) {
                return;
            }
            t.user(cycles(SIMPLE_OP_CYCLES));
            off += pageSize;
        }
        release(t, s, copy, size);
    }

    /** memcpy(copy, src, size) page by page: read the source, write the destination. */
    private void copyChunk(Pthread t, Loop s, long src, long copy, long size, long off) {
        while (off < size) {
            long at = off;
            Runnable retry = () -> copyChunk(t, s, src, copy, size, at);
            if (!proc.access(t, src + off, false, retry) || !proc.access(t, copy + off, true, retry)) {
                return;
            }
            long n = Math.min(pageSize - ((copy + off) & (pageSize - 1)), size - off);
            t.user(copyNs(n));
            off += n;
        }
        search(t, s, copy, size);
    }

    private void search(Pthread t, Loop s, long copy, long size) {
        long n = size / EbizzyOptions.RECORD_SIZE;
        long key = randNum(n, s.state);
        if (o.linear()) {
            t.user(cycles(SIMPLE_OP_CYCLES * (key + 1)));
        } else {
            long lo = 0;
            long hi = n;
            long steps = 0;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                steps++;
                if (mid == key) {
                    break;
                }
                if (mid < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            t.user(cycles(BSEARCH_STEP_CYCLES * steps));
        }
        release(t, s, copy, size);
    }

    private void release(Pthread t, Loop s, long copy, long size) {
        allocator.free(t, copy, size, () -> {
            s.iterations++;
            t.sync(() -> iteration(t, s));
        });
    }

    // ---- print_results ------------------------------------------------------------------------

    @Override
    public WorkloadReport report() {
        long elapsed = (long) Math.floor(stopNs / 1e9) - (long) Math.floor(startNs / 1e9);
        elapsed = Math.max(elapsed, 1);
        long perSecond = records / elapsed;
        Rusage d = ruStop.minus(ruStart);
        StringBuilder out = new StringBuilder();
        out.append(perSecond).append(" records/s\n");
        out.append(String.format(Locale.ROOT, "real %5.2f s%n", (double) elapsed));
        out.append(String.format(Locale.ROOT, "user %5.2f s%n", d.userNs() / 1e9));
        out.append(String.format(Locale.ROOT, "sys  %5.2f s%n", d.sysNs() / 1e9));
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("records_per_s", perSecond);
        m.put("records", records);
        m.put("real_s", (double) elapsed);
        m.put("user_s", round(d.userNs() / 1e9));
        m.put("sys_s", round(d.sysNs() / 1e9));
        m.put("threads", o.threads());
        m.put("chunk_size", o.chunkSize());
        m.put("chunks", o.chunks());
        return new WorkloadReport(out.toString(), m);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** ebizzy ARGS as LTP ebizzy 0.3 parses them; --set malloc=dynamic|static. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        EbizzyOptions o = EbizzyOptions.parse(args, machine.cpus());
        String malloc = "dynamic";
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().equals("malloc")) {
                throw new ConfigException("set." + e.getKey(), "unknown setting for ebizzy (known: malloc)");
            }
            malloc = e.getValue();
            if (!malloc.equals("dynamic") && !malloc.equals("static")) {
                throw new ConfigException("set.malloc", "must be dynamic (glibc >= 2.4) or static, got '" + malloc + "'");
            }
        }
        return new Ebizzy(o, malloc.equals("dynamic"));
    }
}
