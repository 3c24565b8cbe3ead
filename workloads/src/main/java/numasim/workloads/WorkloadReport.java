package numasim.workloads;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a workload reports: the text the real benchmark prints, in its own format, and the same figures as
 * named metrics.
 */
public record WorkloadReport(String output, LinkedHashMap<String, Object> metrics) {
    public WorkloadReport {
        metrics = new LinkedHashMap<>(metrics);
    }

    public Map<String, Object> metricsView() {
        return java.util.Collections.unmodifiableMap(metrics);
    }
}
