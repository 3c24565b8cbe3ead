package numasim.workloads;

import java.util.List;

import numasim.topology.ConfigException;
import numasim.workloads.daxio.Daxio;
import numasim.workloads.ebizzy.EbizzyFactory;
import numasim.workloads.kernbench.KernbenchFactory;
import numasim.workloads.memhog.MemhogFactory;
import numasim.workloads.noisy.Noisy;
import numasim.workloads.postcopy.Postcopy;
import numasim.workloads.willitscale.WillItScaleFactory;

/** The workloads numasim can run, by name. */
public final class Workloads {
    private static final List<WorkloadFactory> ALL = List.of(new EbizzyFactory(), new KernbenchFactory(), new WillItScaleFactory(),
            new MemhogFactory(), new Noisy.Factory(), new Postcopy.Factory(), new Daxio.Factory());

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
