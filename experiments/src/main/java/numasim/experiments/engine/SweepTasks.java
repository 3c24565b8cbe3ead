package numasim.experiments.engine;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import numasim.experiments.ExperimentFile;
import numasim.experiments.WorkloadRun;
import numasim.results.MetricsJson;

/** Runs one task wherever it is: rebuilds the experiment from its document, simulates, returns JSON. */
public final class SweepTasks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweepTasks() {
    }

    public static SweepTaskResult execute(SweepTask t) {
        try {
            Map<String, Object> tree = MAPPER.readValue(t.experimentJson(), new TypeReference<Map<String, Object>>() { });
            ExperimentFile e = ExperimentFile.fromMap(tree, Path.of(t.dir()));
            WorkloadRun.Outcome o = WorkloadRun.run(e.machine(), e.kernel(), e.host(), e.workload(), e.args(), e.settings(), t.seed());
            return new SweepTaskResult(t.index(), t.id(), MetricsJson.toJson(o.record().toMap()), null);
        } catch (RuntimeException | java.io.IOException | StackOverflowError x) {
            // the simulation itself failed (an invariant broken, out of memory): recorded, not retried
            String msg = x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
            return new SweepTaskResult(t.index(), t.id(), null, msg.lines().findFirst().orElse(msg));
        }
    }
}
