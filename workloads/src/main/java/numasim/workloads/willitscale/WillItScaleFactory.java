package numasim.workloads.willitscale;

import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;

/** {@code will-it-scale}: Anton Blanchard's scalability harness, as LKP runs it. */
public final class WillItScaleFactory implements WorkloadFactory {
    @Override
    public String name() {
        return "will-it-scale";
    }

    @Override
    public String summary() {
        return "will-it-scale: T processes or threads run one test case (page_fault1..3, malloc1, brk1, ...); ops/s per task";
    }

    @Override
    public Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        if (!settings.isEmpty()) {
            String key = settings.keySet().iterator().next();
            throw new ConfigException("set." + key, "will-it-scale has no model settings");
        }
        return new WillItScale(WillItScaleOptions.parse(args));
    }
}
