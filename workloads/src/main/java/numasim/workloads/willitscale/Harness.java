package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.user.Pthread;

/** What a test case sees of the harness: its task's iteration counter and the signal to stop. */
interface Harness {
    UserEnv env();

    /** Number of tasks (testcase_prepare's nr_tasks). */
    int tasks();

    /** {@code (*iterations) += n} for task {@code nr}. */
    void add(int nr, long n);

    /** The parent has taken its last sample and kills the tasks: a task checks this between iterations. */
    boolean stopped();

    /**
     * new_task(): a helper task of task {@code nr}'s process {@code p} (a thread, or a forked process in
     * process mode) with the same CPU binding; {@code body} gets its process and task, and the creator goes
     * on with {@code k}.
     */
    void newTask(Process p, Pthread t, String comm, java.util.function.BiConsumer<Process, Pthread> body, Runnable k);

    /** mkstemp + ftruncate(size) + unlink in /tmp (tmpfs): a file only this task uses. */
    default numasim.vm.File privateFile(Process p, Pthread t, long size) {
        return env().createFile("willitscale." + p.pid + "." + t.tid(), true, size);
    }

    /** The task ends (it was killed). */
    default void exit(Process p, Pthread t) {
        p.exit(t);
    }
}
