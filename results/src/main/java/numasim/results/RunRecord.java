package numasim.results;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one run reports, as written to {@code metrics.json}: what was run, the benchmark's own
 * result figures, the kernel counters and simulation statistics. Deterministic: no wall-clock values.
 */
public record RunRecord(
        String workload,
        java.util.List<String> args,
        String machine,
        String kernel,
        long seed,
        Map<String, Object> result,
        Map<String, Object> counters,
        Map<String, Object> simulation) {

    /** A kernel counter of the run, 0 if it never counted. */
    public double counter(String name) {
        Object v = counters.get(name);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("args", args);
        m.put("machine", machine);
        m.put("kernel", kernel);
        m.put("seed", seed);
        m.put("result", result);
        m.put("counters", counters);
        m.put("simulation", simulation);
        return m;
    }
}
