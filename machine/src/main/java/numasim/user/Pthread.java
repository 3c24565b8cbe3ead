package numasim.user;

/**
 * A thread as the program running it sees it: its id, the CPU it is on, and how user code spends time
 * between system calls. Programs are written in continuation style: work advances the thread's own
 * clock ({@link #cursor}) without an event, and {@link #sync} continues once the machine has caught up
 * with it (the point where the thread may touch shared state).
 */
public interface Pthread {
    /** gettid(). */
    int tid();

    /** The thread's name (prctl PR_GET_NAME). */
    String comm();

    /** sched_getcpu(). */
    int cpu();

    /** The thread's own clock (ns): at or after the machine's while it runs. */
    double cursor();

    /** {@code ns} of user-mode work (at one hardware thread's full speed) on the current CPU. */
    void user(double ns);

    /** Continues with {@code k} once the machine's clock has reached this thread's (one event). */
    void sync(Runnable k);

    /** Whether the machine's clock has reached this thread's (it is at an event). */
    boolean synced();
}
