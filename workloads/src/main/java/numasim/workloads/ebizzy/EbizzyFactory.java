package numasim.workloads.ebizzy;

import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;

/** {@code ebizzy}: the LTP ebizzy 0.3 web-server memory benchmark. */
public final class EbizzyFactory implements WorkloadFactory {
    @Override
    public String name() {
        return "ebizzy";
    }

    @Override
    public String summary() {
        return "LTP ebizzy 0.3: threads allocate, copy/touch and free memory chunks; prints records/s";
    }

    @Override
    public Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        EbizzyOptions o = EbizzyOptions.parse(args, machine.cpus());
        String malloc = "dynamic";
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().equals("malloc")) {
                throw new ConfigException("set." + e.getKey(), "unknown setting for ebizzy (known: malloc)");
            }
            malloc = e.getValue();
            if (!malloc.equals("dynamic") && !malloc.equals("static")) {
                throw new ConfigException("set.malloc", "must be dynamic (glibc >= 2.4) or static, got '" + malloc + "'");
            }
        }
        return new Ebizzy(o, malloc.equals("dynamic"));
    }
}
