package numasim.workloads;

import java.util.List;

import numasim.topology.ConfigException;
import numasim.workloads.daxio.Daxio;
import numasim.workloads.ebizzy.Ebizzy;
import numasim.workloads.kernbench.Kernbench;
import numasim.workloads.memhog.Memhog;
import numasim.workloads.noisy.Noisy;
import numasim.workloads.postcopy.Postcopy;
import numasim.workloads.willitscale.WillItScale;

/** The workloads numasim can run, by name, with their one line of help. */
public final class Workloads {
    private static final List<WorkloadFactory> ALL = List.of(
            new WorkloadFactory("microbench", "one primitive timed the way its microbenchmark times it (a loop over the operation): microbench PROBE [-N n]",
                    numasim.workloads.microbench.Microbench::create),
            new WorkloadFactory("ebizzy", "LTP ebizzy 0.3: threads allocate, copy/touch and free memory chunks; prints records/s", Ebizzy::create),
            new WorkloadFactory("kernbench", "kernbench v0.50: timed parallel kernel builds (half/optimal/maximal loads) from a build profile",
                    Kernbench::create),
            new WorkloadFactory("will-it-scale",
                    "will-it-scale: T processes or threads run one test case (page_fault1..3, malloc1, brk1, ...); ops/s per task", WillItScale::create),
            new WorkloadFactory("memhog", "allocate and write --size of anonymous memory in --tasks processes that exit, --loops times", Memhog::create),
            new WorkloadFactory("noisy", "a noisy allocator: map, write and unmap the same --size in a tight loop for --duration", Noisy::create),
            new WorkloadFactory("postcopy",
                    "post-copy live migration: vCPUs touch guest memory, QEMU resolves userfaults (missing: UFFDIO_COPY, minor: UFFDIO_CONTINUE)",
                    Postcopy::create),
            new WorkloadFactory("daxio",
                    "threads map, touch and unmap a DAX file in windows; throughput and page refcount operations (--refcount legacy|normal)",
                    Daxio::create));

    private Workloads() {
    }

    public static List<WorkloadFactory> all() {
        return ALL;
    }

    public static WorkloadFactory byName(String name) {
        for (WorkloadFactory f : ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new ConfigException("workload", "unknown workload '" + name + "' (workloads: "
                + String.join(", ", ALL.stream().map(WorkloadFactory::name).toList()) + ")");
    }
}
