package numasim.experiments.engine;

import java.io.Serializable;

/**
 * One simulation of a sweep as it travels to a worker: the point's index and id, its seed, and its
 * experiment resolved to a JSON document (machine files inlined) with the folder relative paths resolve
 * against. Nothing else is needed to run it, on this machine or an executor.
 */
public record SweepTask(int index, String id, long seed, String experimentJson, String dir) implements Serializable {
}
