package numasim.workloads;

import numasim.kernel.UserEnv;

/** A program run on the emulated machine through its system-call and memory-access interface only. */
public interface Workload {
    /** Starts the workload's processes on {@code kernel} (before the kernel runs). */
    void start(UserEnv env);

    /** An upper bound of simulated time; a run still going then has hung. */
    double limitNs();

    /** After the run: what the benchmark itself prints, and its result metrics. */
    WorkloadReport report();
}
