package numasim.experiments.engine;

import java.io.Serializable;

/** What came back from one task: the run record as JSON, or why the simulation failed. */
public record SweepTaskResult(int index, String id, String recordJson, String failure) implements Serializable {
    public boolean failed() {
        return failure != null;
    }
}
