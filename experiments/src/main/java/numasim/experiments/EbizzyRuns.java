package numasim.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import numasim.kernel.KernelFeatures;
import numasim.results.MetricsJson;
import numasim.topology.MachineSpec;
import numasim.vm.FaultEvent;
import numasim.workloads.Workloads;

/**
 * The ebizzy runs of an SPF reproduction: on each machine, BASE and SPF, one run per seed, saved as
 * {@code runs/<machine>-<kernel>-seed<N>.json}; and what the tables read from them.
 */
final class EbizzyRuns {
    static final List<String> KERNELS = List.of("base", "spf");

    /** One machine of the reproduction: its id in the tables and run files, its spec, ebizzy's arguments on it. */
    record Machine(String id, MachineSpec spec, List<String> args) {
    }

    private record Key(String machine, String kernel, long seed) {
    }

    private final RunPlan.Results<Key, WorkloadRun.Outcome> results;

    private EbizzyRuns(RunPlan.Results<Key, WorkloadRun.Outcome> results) {
        this.results = results;
    }

    /** Runs ebizzy on every machine, in order, under both kernels, seeds 1 to the replications. */
    static EbizzyRuns run(List<Machine> machines, Reproduction.Options o, Path out) throws IOException {
        RunPlan<Key, WorkloadRun.Outcome> plan = new RunPlan<>();
        for (Machine m : machines) {
            for (String kernel : KERNELS) {
                for (long seed = 1; seed <= o.replications(); seed++) {
                    long s = seed;
                    plan.add(new Key(m.id(), kernel, s), m.id() + "-" + kernel + "-seed" + s + ".json",
                            () -> WorkloadRun.run(m.spec(), KernelFeatures.parse(kernel), Workloads.byName("ebizzy"), m.args(), Map.of(), s));
                }
            }
        }
        return new EbizzyRuns(plan.run(o.jobs(), out.resolve("runs"), (f, r) -> MetricsJson.write(f, r.record())));
    }

    /** The runs of one machine and kernel, by seed. */
    List<WorkloadRun.Outcome> of(String machine, String kernel) {
        return results.where(k -> k.machine().equals(machine) && k.kernel().equals(kernel));
    }

    /** records/s of each run of one machine and kernel. */
    double[] records(String machine, String kernel) {
        return of(machine, kernel).stream().mapToDouble(r -> ((Number) r.record().result().get("records_per_s")).doubleValue()).toArray();
    }

    /** SPF's gain over BASE in %, seed by seed. */
    double[] delta(String machine) {
        double[] base = records(machine, "base");
        double[] spf = records(machine, "spf");
        double[] d = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            d[i] = 100 * (spf[i] - base[i]) / base[i];
        }
        return d;
    }

    /** A counter of one run as a share of its page faults, in %. */
    static double shareOfFaults(WorkloadRun.Outcome r, String counter) {
        return 100 * r.record().counter(counter) / r.record().counter(FaultEvent.FAULTS.key());
    }
}
