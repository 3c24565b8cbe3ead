package numasim.kernel;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import numasim.cpu.Task;
import numasim.sync.SpinLock;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.user.Pthread;
import numasim.vm.SyscallEvent;

/**
 * A private futex word: FUTEX_WAIT and FUTEX_WAKE as system calls. Each enters the kernel and takes the
 * word's hash-bucket spinlock (whose line moves between the CPUs that use it); FUTEX_WAIT sleeps only if
 * the word still holds the expected value when checked under that lock, as futex_wait_setup does, and
 * FUTEX_WAKE wakes the sleepers (the waker pays try_to_wake_up and the IPI to an idle CPU).
 */
public final class Futex {
    private final Kernel kernel;
    private final Costs costs;
    private final SpinLock bucket;
    private final WaitQueue waiters;

    Futex(String name, Kernel kernel) {
        this.kernel = kernel;
        this.costs = kernel.spec().costs();
        this.bucket = new SpinLock("futex:" + name, kernel.coherence());
        this.waiters = kernel.waitQueue();
    }

    /**
     * futex(FUTEX_WAIT): sleeps while {@code stillExpected} holds at the check; {@code k} gets true once
     * woken, false at once (EAGAIN) when the word had changed.
     */
    public void await(Pthread current, BooleanSupplier stillExpected, Consumer<Boolean> k) {
        Task t = enter(current);
        t.sync(() -> { // the check and the queueing happen at this task's time, in order with the waker's
            if (stillExpected.getAsBoolean()) {
                waiters.await(t, () -> k.accept(true));
            } else {
                k.accept(false);
            }
        });
    }

    /** futex(FUTEX_WAKE, INT_MAX): wakes every sleeper; {@code k} gets how many. */
    public void wake(Pthread current, IntConsumer k) {
        Task t = enter(current);
        t.sync(() -> {
            int n = waiters.size();
            waiters.wakeAll(t);
            t.sync(() -> k.accept(n));
        });
    }

    /** Entry and exit, and the hash bucket's lock held for the queue operation. */
    private Task enter(Pthread current) {
        Task t = (Task) current;
        t.sys(costs.ns(Cost.SYSCALL_ENTRY));
        t.sysUntil(bucket.lock(t.cpu(), t.cursor(), costs.ns(Cost.ATOMIC_LOCAL)));
        kernel.counters().add(SyscallEvent.FUTEX, 1);
        return t;
    }
}
