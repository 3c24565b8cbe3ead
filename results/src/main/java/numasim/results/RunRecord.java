package numasim.results;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Everything one run reports, as written to {@code metrics.json} (schema: docs/schemas/run-record.schema.json):
 * what was run, a sweep's axes, the benchmark's own result figures, the kernel counters, simulation
 * statistics and provenance (numasim version, git commit, the machine spec's fingerprint).
 * Deterministic: no wall-clock values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(
        @JsonProperty("schema_version") int schemaVersion,
        String workload,
        java.util.List<String> args,
        String machine,
        String kernel,
        long seed,
        Map<String, Object> axes,
        Map<String, Object> result,
        Map<String, Object> counters,
        Map<String, Object> simulation,
        Map<String, Object> provenance) {

    /** The layout this class writes; a reader refuses a record of a later one. */
    public static final int SCHEMA_VERSION = 2;

    public RunRecord {
        axes = axes == null ? Map.of() : axes;
        provenance = provenance == null ? Map.of() : provenance;
    }

    /** A record of this schema without axes and provenance. */
    public RunRecord(String workload, java.util.List<String> args, String machine, String kernel, long seed, Map<String, Object> result,
            Map<String, Object> counters, Map<String, Object> simulation) {
        this(SCHEMA_VERSION, workload, args, machine, kernel, seed, Map.of(), result, counters, simulation, Map.of());
    }

    public RunRecord withAxes(Map<String, Object> a) {
        return new RunRecord(schemaVersion, workload, args, machine, kernel, seed, a, result, counters, simulation, provenance);
    }

    public RunRecord withProvenance(Map<String, Object> p) {
        return new RunRecord(schemaVersion, workload, args, machine, kernel, seed, axes, result, counters, simulation, p);
    }

    /** A kernel counter of the run, 0 if it never counted. */
    public double counter(String name) {
        Object v = counters.get(name);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", schemaVersion);
        m.put("workload", workload);
        m.put("args", args);
        m.put("machine", machine);
        m.put("kernel", kernel);
        m.put("seed", seed);
        if (!axes.isEmpty()) {
            m.put("axes", axes);
        }
        m.put("result", result);
        m.put("counters", counters);
        m.put("simulation", simulation);
        m.put("provenance", provenance);
        return m;
    }
}
