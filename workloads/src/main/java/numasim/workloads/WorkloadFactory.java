package numasim.workloads;

import java.util.List;
import java.util.Map;

import numasim.topology.MachineSpec;

/** Makes a workload from its own command-line arguments (parsed as the real program parses them). */
public interface WorkloadFactory {
    String name();

    /** One line of help. */
    String summary();

    /**
     * @param args the arguments after {@code --}, exactly as the real program takes them
     * @param settings model settings that are not program options ({@code --set key=value})
     * @throws numasim.topology.ConfigException naming the option for bad input
     */
    Workload create(List<String> args, Map<String, String> settings, MachineSpec machine);
}
