package numasim.sync;

import java.util.ArrayDeque;

import numasim.coherence.CacheLine;
import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.Task;

/**
 * A reader/writer semaphore with Linux 4.x rwsem ordering (mmap_sem): readers share it; a writer owns it
 * alone; once a writer waits, new readers queue behind it; waiters sleep and are handed the lock in FIFO
 * order, a writer alone or the run of readers at the head of the queue. The count word is a shared cache
 * line every acquire and release touches.
 */
public final class RwSem {
    private record Waiter(Task task, boolean write, double since) {
    }

    private final String name;
    private final Scheduler sched;
    private final Coherence coherence;
    private final CacheLine count;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int readers;
    private Task writer;
    private final Stats stats;

    /** Acquisition and wait statistics, shareable by every rwsem of one kind (all mmap_sems of a run). */
    public static final class Stats {
        public long readAcquires;
        public long writeAcquires;
        public long readContended;
        public long writeContended;
        public double readWaitNs;
        public double writeWaitNs;
    }

    public RwSem(String name, Scheduler sched, Coherence coherence, Stats stats) {
        this.name = name;
        this.sched = sched;
        this.coherence = coherence;
        this.count = new CacheLine(name + ".count");
        this.stats = stats;
    }

    /** The atomic on the count word; its completion time (a task that then sleeps spends it asleep). */
    private double touchCount(Task t) {
        return coherence.atomic(count, t.cpu(), t.cursor());
    }

    /** down_read: {@code k} runs once the task holds the lock for reading. */
    public void downRead(Task t, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> downRead(t, k));
            return;
        }
        double done = touchCount(t);
        stats.readAcquires++;
        if (writer == null && waiters.isEmpty()) {
            readers++;
            t.sysUntil(done);
            k.run();
        } else {
            stats.readContended++;
            waiters.addLast(new Waiter(t, false, sched.sim().now()));
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
        stats.writeAcquires++;
        if (writer == null && readers == 0 && waiters.isEmpty()) {
            writer = t;
            t.sysUntil(done);
            k.run();
        } else {
            stats.writeContended++;
            waiters.addLast(new Waiter(t, true, sched.sim().now()));
            t.block(k);
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
            handOff(t);
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
        handOff(t);
        k.run();
    }

    /** Grants the lock to the head of the queue: one writer, or every reader up to the first writer. */
    private void handOff(Task waker) {
        Waiter head = waiters.peekFirst();
        if (head == null) {
            return;
        }
        double now = sched.sim().now();
        if (head.write) {
            waiters.pollFirst();
            writer = head.task;
            stats.writeWaitNs += now - head.since;
            waker.sys(sched.wake(head.task, waker.cpu()));
            return;
        }
        while (!waiters.isEmpty() && !waiters.peekFirst().write) {
            Waiter w = waiters.pollFirst();
            readers++;
            stats.readWaitNs += now - w.since;
            waker.sys(sched.wake(w.task, waker.cpu()));
        }
    }

    public boolean isFree() {
        return readers == 0 && writer == null && waiters.isEmpty();
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
        return name + " (readers " + readers + ", writer " + writer + ", waiters " + waiters.size() + ")";
    }
}
