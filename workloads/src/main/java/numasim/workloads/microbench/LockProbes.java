package numasim.workloads.microbench;

import numasim.kernel.KernelModule;
import numasim.kernel.Process;
import numasim.kernel.WaitQueue;
import numasim.user.Pthread;

/**
 * The lock probes: spinlock and mmap_sem acquisitions from a kernel module, uncontended, handed between two
 * CPUs in turn, and handed to a sleeping waiter, each timed as its loop runs.
 */
final class LockProbes {
    private LockProbes() {
    }

    static void rwsemRead(Microbench.Run r) {
        KernelModule mod = r.env.kernelModule();
        r.main((p, t) -> r.loop(t, r.iterations, next -> mod.mmapSemReadPair(p, t, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    static void spinLock(Microbench.Run r) {
        KernelModule mod = r.env.kernelModule();
        KernelModule.Spinlock lock = mod.spinLock("microbench");
        r.main((p, t) -> r.loop(t, r.iterations, next -> mod.spinLockPair(lock, t, next), ns -> {
            r.result(ns, r.iterations);
            p.exit(t);
        }));
    }

    /** Kernel threads on CPU 0 and the partner CPU take one spinlock in turn, empty sections: per acquisition. */
    static void spinHandoff(Microbench.Run r, Probe.Reach reach) {
        KernelModule mod = r.env.kernelModule();
        KernelModule.Spinlock lock = mod.spinLock("handoff");
        inTurn(r, Probe.partnerOf(r, reach), (p, t, next) -> mod.spinLockPair(lock, t, next), 0);
    }

    private static final double RWSEM_SECTION_NS = 1000;

    /** Two writers alternate on the mmap_sem with 1 us sections; the hand-off is what a round adds to them. */
    static void rwsemWriteSpin(Microbench.Run r) {
        KernelModule mod = r.env.kernelModule();
        inTurn(r, Probe.partnerOf(r, Probe.Reach.SOCKET), (p, t, next) -> mod.mmapSemWrite(p, t, RWSEM_SECTION_NS, next), RWSEM_SECTION_NS);
    }

    /**
     * A thread on CPU 0 and one on {@code cpu} (one process) repeat {@code op} on one lock; once both run, the
     * first counts {@code iterations} of its own, between which the other takes the lock once each: elapsed,
     * less the sections' {@code sectionNs}, over 2 x iterations hand-offs.
     */
    private static void inTurn(Microbench.Run r, int cpu, LockOp op, double sectionNs) {
        boolean[] stop = {false};
        boolean[] running = {false};
        WaitQueue started = r.env.waitQueue();
        Process p = r.env.spawn("in-turn", 0);
        p.start("other", cpu, t -> {
            running[0] = true;
            started.wakeAll(t);
            again(p, t, op, stop);
        });
        p.start("counter", 0, t -> Probe.until(t, started, () -> running[0], () -> r.loop(t, r.iterations, next -> op.run(p, t, next), ns -> {
            r.result(ns - 2L * r.iterations * sectionNs, 2L * r.iterations);
            stop[0] = true;
            p.exit(t);
        })));
    }

    /** One acquisition and release of the contended lock by thread {@code t} of {@code p}, then {@code next}. */
    private interface LockOp {
        void run(Process p, Pthread t, Runnable next);
    }

    private static void again(Process p, Pthread t, LockOp op, boolean[] stop) {
        if (!stop[0]) {
            op.run(p, t, () -> again(p, t, op, stop));
        }
    }

    /**
     * Each round the owner (CPU 0) takes the mmap_sem for write and lets the waiter (another core) try for
     * it: a writer while the owner sleeps holding it, or a reader while it computes 20 us. Both make the
     * waiter sleep. The owner's up_write to the waiter's return from down_* is the hand-off timed.
     */
    static void rwsemWake(Microbench.Run r, boolean writer) {
        int cpu = Probe.partnerOf(r, Probe.Reach.SOCKET);
        KernelModule mod = r.env.kernelModule();
        WaitQueue go = r.env.waitQueue();
        WaitQueue back = r.env.waitQueue();
        int[] round = {0};
        int[] served = {0};
        double[] releasedAt = {0};
        double[] total = {0};
        boolean[] stop = {false};
        Process p = r.env.spawn("rwsem", 0);
        p.start("waiter", cpu, w -> waiterRound(p, mod, w, writer, go, back, round, served, releasedAt, total, stop));
        p.start("owner", 0, t -> r.loop(t, r.iterations, next -> mod.mmapSemDownWrite(p, t, () -> {
            round[0]++;
            go.wakeAll(t);
            Runnable release = () -> t.sync(() -> {
                releasedAt[0] = t.cursor(); // up_write's release of the count: the hand-off starts here
                int mine = round[0];
                mod.mmapSemUpWrite(p, t, () -> Probe.until(t, back, () -> served[0] >= mine, next));
            });
            if (writer) {
                p.nanosleep(t, 20_000, release);
            } else {
                p.compute(t, 20_000, release);
            }
        }), ns -> {
            r.result(total[0], r.iterations);
            stop[0] = true;
            go.wakeAll(t);
            p.exit(t);
        }));
    }

    private static void waiterRound(Process p, KernelModule mod, Pthread w, boolean writer, WaitQueue go, WaitQueue back, int[] round,
            int[] served, double[] releasedAt, double[] total, boolean[] stop) {
        if (!w.synced()) {
            w.sync(() -> waiterRound(p, mod, w, writer, go, back, round, served, releasedAt, total, stop));
            return;
        }
        if (stop[0]) {
            p.exit(w);
            return;
        }
        if (served[0] >= round[0]) {
            go.await(w, () -> waiterRound(p, mod, w, writer, go, back, round, served, releasedAt, total, stop));
            return;
        }
        Runnable got = () -> {
            total[0] += w.cursor() - releasedAt[0];
            served[0]++;
            Runnable again = () -> {
                back.wakeAll(w);
                waiterRound(p, mod, w, writer, go, back, round, served, releasedAt, total, stop);
            };
            if (writer) {
                mod.mmapSemUpWrite(p, w, again);
            } else {
                mod.mmapSemUpRead(p, w, again);
            }
        };
        if (writer) {
            mod.mmapSemDownWrite(p, w, got);
        } else {
            mod.mmapSemDownRead(p, w, got);
        }
    }
}
