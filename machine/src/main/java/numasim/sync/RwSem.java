package numasim.sync;

import java.util.ArrayDeque;
import java.util.Iterator;

import numasim.coherence.CacheLine;
import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.sim.Counters;

/**
 * A reader/writer semaphore with the ordering of Linux 4.x rwsem (mmap_sem).
 * <ul>
 * <li>Readers share it. Once anyone waits, new readers queue: a waiting writer blocks new readers.</li>
 * <li>Waiters sleep in FIFO order. Releasing wakes the head of the queue: a run of readers at the head is
 * handed the lock (their count is added for them) and woken one after the other at the releaser's time, as
 * wake_up_q does; a writer at the head is only woken and takes the lock when it runs, if it is still free.</li>
 * <li>A writer that finds the lock owned by a running writer spins on it (optimistic spinning, one behind
 * the other as in the OSQ) instead of sleeping, and takes it as soon as it is released; a free lock can be
 * taken by an arriving writer even while a woken writer is on its way.</li>
 * </ul>
 * The count word is a shared cache line every acquire and release touches. The slow paths go through
 * sem->wait_lock, a spinlock on a line of its own, as rwsem-xadd's do: a task queues itself under it
 * (rwsem_down_read_failed, rwsem_down_write_failed), a woken writer retries under it, and the releaser
 * picks whom to wake under it (rwsem_wake's __rwsem_mark_wake, which reads and clears each granted
 * reader's waiter, a line on that reader's stack). With many sleepers the queue's bookkeeping is a chain
 * of line transfers the hand-off has to wait for; optimistic spinners never take it.
 */
public final class RwSem {
    private static final class Waiter {
        final Task task;
        final boolean write;
        final Runnable k;
        final double since;
        /** The rwsem_waiter on the sleeping task's stack: written by it, read and cleared by the waker. */
        final CacheLine line = new CacheLine("rwsem_waiter");

        Waiter(Task task, boolean write, Runnable k, double since) {
            this.task = task;
            this.write = write;
            this.k = k;
            this.since = since;
        }
    }

    private final String name;
    private final Scheduler sched;
    private final Coherence coherence;
    private final CacheLine count;
    private final SpinLock waitLock;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> spinners = new ArrayDeque<>();
    private int readers;
    private Task writer;
    private final Stats stats;

    /** The counters of one lock class ({@link RwSemEvent}), shared by every rwsem of that class. */
    public static final class Stats {
        final long[] readAcquires;
        final long[] writeAcquires;
        final long[] readContended;
        final long[] writeContended;
        final long[] writeSpins;
        final double[] readWaitNs;
        final double[] writeWaitNs;
        final double[] writeSpinNs;

        public Stats(Counters c, RwSemEvent.Lock lock) {
            readAcquires = c.counter(RwSemEvent.of(lock, "read_acquire"));
            writeAcquires = c.counter(RwSemEvent.of(lock, "write_acquire"));
            readContended = c.counter(RwSemEvent.of(lock, "read_contended"));
            writeContended = c.counter(RwSemEvent.of(lock, "write_contended"));
            writeSpins = c.counter(RwSemEvent.of(lock, "write_spins"));
            readWaitNs = c.time(RwSemEvent.of(lock, "read_wait"));
            writeWaitNs = c.time(RwSemEvent.of(lock, "write_wait"));
            writeSpinNs = c.time(RwSemEvent.of(lock, "write_spin"));
        }
    }

    public RwSem(String name, Scheduler sched, Coherence coherence, Stats stats) {
        this.name = name;
        this.sched = sched;
        this.coherence = coherence;
        this.count = new CacheLine(name + ".count");
        this.waitLock = new SpinLock(name + ".wait_lock", coherence);
        this.stats = stats;
    }

    /** The atomic on the count word; its completion time (a task that then sleeps spends it asleep). */
    private double touchCount(Task t) {
        return coherence.atomic(count, t.cpu(), t.cursor());
    }

    /**
     * {@code t} queues {@code w} under wait_lock: fills in its waiter, links it to the list's tail and
     * adjusts the count (atomic_long_add_return of the waiting bias, or a read of it). The section holds
     * the lock's line for whoever comes next; the task, about to sleep, spends it asleep.
     */
    private void enqueue(Task t, Waiter w) {
        int cpu = t.cpu();
        waitLock.lock(cpu, t.cursor(), at -> coherence.atomic(count, cpu, coherence.atomic(w.line, cpu, at)));
        waiters.addLast(w);
    }

    private boolean free() {
        return writer == null && readers == 0;
    }

    /** down_read: {@code k} runs once the task holds the lock for reading. */
    public void downRead(Task t, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> downRead(t, k));
            return;
        }
        double done = touchCount(t);
        stats.readAcquires[0]++;
        if (writer == null && waiters.isEmpty()) {
            readers++;
            t.sysUntil(done);
            k.run();
        } else {
            stats.readContended[0]++;
            enqueue(t, new Waiter(t, false, k, sched.sim().now()));
            t.block(k);
        }
    }

    /** down_write: {@code k} runs once the task owns the lock. */
    public void downWrite(Task t, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> downWrite(t, k));
            return;
        }
        double done = touchCount(t);
        stats.writeAcquires[0]++;
        if (free() && spinners.isEmpty()) {
            writer = t;
            t.sysUntil(done);
            k.run();
            return;
        }
        stats.writeContended[0]++;
        if (writer != null && writer.state() == Task.State.RUNNING) {
            // optimistic spinning: stay on the CPU until the owner lets go
            stats.writeSpins[0]++;
            spinners.addLast(new Waiter(t, true, k, sched.sim().now()));
            sched.spinning(t, true);
            return;
        }
        Waiter w = new Waiter(t, true, k, sched.sim().now());
        enqueue(t, w);
        t.block(() -> retryWrite(w));
    }

    /** A woken writer runs again: under wait_lock, take the lock (rwsem_try_write_lock) if it is free, else sleep on. */
    private void retryWrite(Waiter w) {
        Task t = w.task;
        int cpu = t.cpu();
        double released = waitLock.lock(cpu, t.cursor(), at -> coherence.atomic(count, cpu, at));
        if (free()) {
            t.sysUntil(released);
            waiters.remove(w);
            writer = t;
            stats.writeWaitNs[0] += sched.sim().now() - w.since;
            w.k.run();
        } else {
            t.block(() -> retryWrite(w));
        }
    }

    /** up_read; {@code k} continues the releasing task. */
    public void upRead(Task t, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> upRead(t, k));
            return;
        }
        if (readers <= 0) {
            throw new IllegalStateException(name + ": up_read without a reader");
        }
        t.sysUntil(touchCount(t));
        readers--;
        if (readers == 0) {
            release(t);
        }
        k.run();
    }

    /** up_write; {@code k} continues the releasing task. */
    public void upWrite(Task t, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> upWrite(t, k));
            return;
        }
        if (writer != t) {
            throw new IllegalStateException(name + ": up_write by " + t + " but owner is " + writer);
        }
        t.sysUntil(touchCount(t));
        writer = null;
        release(t);
        k.run();
    }

    /** The lock became free: a spinner takes it, else the head of the queue is woken (readers granted). */
    private void release(Task waker) {
        Waiter s = spinners.pollFirst();
        if (s != null) {
            double now = sched.sim().now();
            Task t = s.task;
            sched.spinning(t, false);
            writer = t;
            stats.writeSpinNs[0] += now - s.since;
            t.sysUntil(now); // it spun on the CPU until now
            t.sysUntil(touchCount(t));
            t.sync(s.k);
            return;
        }
        Waiter head = waiters.peekFirst();
        if (head == null) {
            return;
        }
        int cpu = waker.cpu();
        if (head.write) {
            // rwsem_wake: wait_lock, read the head waiter, wake_q_add its task
            waker.sysUntil(waitLock.lock(cpu, waker.cursor(), at -> coherence.read(head.line, cpu, at)));
            if (head.task.state() == Task.State.BLOCKED) {
                waker.sys(sched.wake(head.task, waker));
            }
            return;
        }
        double now = sched.sim().now();
        java.util.List<Waiter> granted = new java.util.ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter w = it.next();
            if (w.write) {
                break;
            }
            it.remove();
            readers++;
            stats.readWaitNs[0] += now - w.since;
            granted.add(w);
        }
        // __rwsem_mark_wake under wait_lock: each granted waiter is read, unlinked and cleared
        // (waiter->task = NULL), then the count takes the readers' bias; wake_up_q runs after the unlock
        waker.sysUntil(waitLock.lock(cpu, waker.cursor(), at -> {
            double u = at;
            for (Waiter w : granted) {
                u = coherence.atomic(w.line, cpu, u);
            }
            return coherence.atomic(count, cpu, u);
        }));
        for (Waiter w : granted) {
            waker.sys(sched.wake(w.task, waker));
        }
    }

    /** sem->wait_lock (for tests). */
    SpinLock waitLock() {
        return waitLock;
    }

    public boolean isFree() {
        return readers == 0 && writer == null && waiters.isEmpty() && spinners.isEmpty();
    }

    public int readers() {
        return readers;
    }

    public Task writer() {
        return writer;
    }

    public int waiting() {
        return waiters.size();
    }

    public String describe() {
        return name + " (readers " + readers + ", writer " + writer + ", waiters " + waiters.size() + ", spinners " + spinners.size() + ")";
    }
}
