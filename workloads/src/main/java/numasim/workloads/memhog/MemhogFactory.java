package numasim.workloads.memhog;

import java.util.List;
import java.util.Map;

import numasim.topology.MachineSpec;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;

/** {@code memhog}: allocate, touch and free memory in loops (the hinting series' test load). */
public final class MemhogFactory implements WorkloadFactory {
    @Override
    public String name() {
        return "memhog";
    }

    @Override
    public String summary() {
        return "allocate and write --size of anonymous memory in --tasks processes that exit, --loops times";
    }

    @Override
    public Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        WorkloadFactory.noSettings("memhog", settings);
        return new Memhog(MemhogOptions.parse(args, machine));
    }
}
