package numasim.kernel;

import java.util.ArrayDeque;

import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.user.Pthread;

/** Tasks sleeping until an event (a futex, a join, a start flag): wake_up_all wakes them in order. */
public final class WaitQueue {
    private final Scheduler sched;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();

    public WaitQueue(Scheduler sched) {
        this.sched = sched;
    }

    /** Sleeps {@code t}; {@code k} runs once woken. */
    public void await(Pthread current, Runnable k) {
        Task t = (Task) current;
        if (!t.synced()) {
            t.sync(() -> await(t, k));
            return;
        }
        waiters.addLast(t);
        t.block(k);
    }

    /** Wakes every waiter; the waker (if any) pays the wake-up costs. */
    public void wakeAll(Pthread current) {
        Task waker = (Task) current;
        while (!waiters.isEmpty()) {
            Task w = waiters.pollFirst();
            if (waker == null) {
                sched.wake(w, -1);
            } else {
                waker.sys(sched.wake(w, waker)); // one after the other, as wake_up_all walks the queue
            }
        }
    }

    public int size() {
        return waiters.size();
    }
}
