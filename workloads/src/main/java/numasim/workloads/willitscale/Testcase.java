package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;

/** One will-it-scale test: its description, the optional shared set-up and the per-task loop. */
abstract class Testcase {
    /** testcase_description, as the harness prints it. */
    abstract String description();

    /** testcase_prepare(nr_tasks), run by the parent before it starts the tasks. */
    void prepare(Harness h, Process parent, Pthread t, Runnable k) {
        k.run();
    }

    /** testcase(iterations, nr): loops until the harness stops it, then calls {@link Harness#exit}. */
    abstract void run(Harness h, Process p, Pthread t, int nr);
}
