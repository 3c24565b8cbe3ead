package numasim.kernel;

import numasim.coherence.CacheLine;
import numasim.coherence.Coherence;
import numasim.cpu.Task;
import numasim.sim.Counters;
import numasim.sync.SpinLock;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.vm.SyscallEvent;

/**
 * Signal delivery to oneself, as glibc's raise() drives it: block every signal (rt_sigprocmask), tgkill,
 * restore the mask; the pending signal is then delivered on the way back to user mode (get_signal,
 * setup_rt_frame), the handler runs and rt_sigreturn restores the frame and the mask. Every step that
 * touches the signal state takes the process's sighand->siglock, which all its threads share; queueing
 * and dequeueing a signal count it in the user's sigpending counter, one cache line for every process
 * of the user.
 */
public final class Signals {
    private final Costs costs;
    private final Coherence coherence;
    private final Counters counters;
    /** user_struct->sigpending of the one user every workload runs as. */
    private final CacheLine userSigpending = new CacheLine("user.sigpending");

    Signals(Costs costs, Coherence coherence, Counters counters) {
        this.costs = costs;
        this.coherence = coherence;
        this.counters = counters;
    }

    /**
     * raise(sig) by {@code t} of a process whose sighand lock is {@code siglock}, with a handler of
     * {@code handlerNs}. Steps that touch state other CPUs share happen at an event of their own, so that
     * accesses interleave in time order: the user's counter always, the siglock when other threads share
     * it ({@code shared}).
     */
    void raise(Task t, SpinLock siglock, boolean shared, double handlerNs, Runnable k) {
        double entry = costs.ns(Cost.SYSCALL_ENTRY);
        double op = costs.ns(Cost.SIGNAL_OP);
        Runnable lock = () -> t.sysUntil(siglock.lock(t.cpu(), t.cursor(), op));
        Runnable count = () -> t.sysUntil(coherence.atomic(userSigpending, t.cpu(), t.cursor()));
        Runnable[] steps = {
            () -> t.sys(entry), // rt_sigprocmask(SIG_BLOCK, all) ...
            lock,
            () -> t.sys(entry), // tgkill: __send_signal allocates a sigqueue, counted for the user ...
            count,
            lock, // ... and queues it
            () -> t.sys(entry), // rt_sigprocmask(SIG_SETMASK, old): deliverable on the way out
            lock,
            lock, // get_signal: dequeue ...
            count, // ... and uncount
            () -> { // build the frame, run the handler, rt_sigreturn
                t.sys(costs.ns(Cost.SIGNAL_FRAME));
                t.user(handlerNs);
                t.sys(entry);
            },
            lock, // restore the blocked mask
        };
        boolean[] atEvent = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            atEvent[i] = steps[i] == count || (shared && steps[i] == lock);
        }
        counters.add(SyscallEvent.RT_SIGPROCMASK, 2);
        counters.add(SyscallEvent.TGKILL, 1);
        counters.add(SyscallEvent.RT_SIGRETURN, 1);
        counters.add(SignalEvent.DELIVERED, 1);
        run(t, steps, atEvent, 0, k);
    }

    private static void run(Task t, Runnable[] steps, boolean[] atEvent, int i, Runnable k) {
        for (; i < steps.length; i++) {
            if (atEvent[i] && !t.synced()) {
                int next = i;
                t.sync(() -> run(t, steps, atEvent, next, k));
                return;
            }
            steps[i].run();
        }
        t.sync(k);
    }

}
