package numasim.workloads;

import numasim.kernel.Kernel;

/** A program run on the emulated machine through its system-call and memory-access interface only. */
public interface Workload {
    /** Starts the workload's processes on {@code kernel} (before the kernel runs). */
    void start(Kernel kernel);

    /** An upper bound of simulated time; a run still going then has hung. */
    double limitNs();

    /** After the run: what the benchmark itself prints, and its result metrics. */
    WorkloadReport report();
}
