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

    /** For programs with no model settings: any {@code --set} is bad input naming its key. */
    static void noSettings(String program, Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new numasim.topology.ConfigException("set." + settings.keySet().iterator().next(), program + " has no model settings");
        }
    }
}
