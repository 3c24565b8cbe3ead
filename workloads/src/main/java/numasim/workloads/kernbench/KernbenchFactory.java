package numasim.workloads.kernbench;

import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;

/** {@code kernbench}: kernel-build throughput (v0.50), with a build profile per published setting. */
public final class KernbenchFactory implements WorkloadFactory {
    @Override
    public String name() {
        return "kernbench";
    }

    @Override
    public String summary() {
        return "kernbench v0.50: timed parallel kernel builds (half/optimal/maximal loads) from a build profile";
    }

    @Override
    public Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        KernbenchOptions o = KernbenchOptions.parse(args, machine.cpus());
        String profile = BuildProfile.SHIPPED.contains(machine.name()) ? machine.name() : "x86-kvm-16";
        boolean full = false;
        Integer jobs = null;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            switch (e.getKey()) {
                case "profile" -> profile = e.getValue();
                case "full" -> {
                    if (!e.getValue().equals("true") && !e.getValue().equals("false")) {
                        throw new ConfigException("set.full", "must be true or false, got '" + e.getValue() + "'");
                    }
                    full = e.getValue().equals("true");
                }
                case "jobs" -> {
                    if (!e.getValue().matches("\\d{1,6}") || Integer.parseInt(e.getValue()) < 1) {
                        throw new ConfigException("set.jobs", "must be a positive number of compile jobs, got '" + e.getValue() + "'");
                    }
                    jobs = Integer.parseInt(e.getValue());
                }
                default -> throw new ConfigException("set." + e.getKey(), "unknown setting for kernbench (known: full, jobs, profile)");
            }
        }
        BuildProfile p = BuildProfile.load(profile);
        return new Kernbench(o, p, full ? p.jobs() : jobs != null ? Math.min(jobs, p.jobs()) : p.reducedJobs());
    }
}
