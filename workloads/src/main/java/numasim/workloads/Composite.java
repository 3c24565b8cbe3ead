package numasim.workloads;

import java.util.LinkedHashMap;
import java.util.List;

import numasim.kernel.UserEnv;

/** Several programs run side by side on one machine (a memory hog beside a noisy allocator). */
public final class Composite implements Workload {
    private final List<String> names;
    private final List<Workload> parts;

    public Composite(List<String> names, List<Workload> parts) {
        this.names = List.copyOf(names);
        this.parts = List.copyOf(parts);
    }

    @Override
    public void start(UserEnv env) {
        parts.forEach(p -> p.start(env));
    }

    @Override
    public double limitNs() {
        return parts.stream().mapToDouble(Workload::limitNs).max().orElse(0);
    }

    /** Each part's output in turn; metrics prefixed with the part's name. */
    @Override
    public WorkloadReport report() {
        StringBuilder out = new StringBuilder();
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            WorkloadReport r = parts.get(i).report();
            out.append(r.output());
            String prefix = names.get(i) + ".";
            r.metrics().forEach((k, v) -> m.put(prefix + k, v));
        }
        return new WorkloadReport(out.toString(), m);
    }
}
