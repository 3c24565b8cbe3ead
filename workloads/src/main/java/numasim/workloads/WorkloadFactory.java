package numasim.workloads;

import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;

/**
 * A workload by name: its one line of help and how it is made from its own command-line arguments (parsed
 * as the real program parses them).
 */
public record WorkloadFactory(String name, String summary, Maker maker) {
    /** Makes the workload; bad input is a {@link ConfigException} naming the option. */
    public interface Maker {
        Workload make(List<String> args, Map<String, String> settings, MachineSpec machine);
    }

    /**
     * @param args the arguments after {@code --}, exactly as the real program takes them
     * @param settings model settings that are not program options ({@code --set key=value})
     * @throws ConfigException naming the option for bad input
     */
    public Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        return maker.make(args, settings, machine);
    }

    /** For programs with no model settings: any {@code --set} is bad input naming its key. */
    public static void noSettings(String program, Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new ConfigException("set." + settings.keySet().iterator().next(), program + " has no model settings");
        }
    }
}
