package numasim.experiments.engine;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's simulations run: worker threads of this process ({@code local}) or an existing
 * distributed engine (the {@code spark} module provides one through {@link java.util.ServiceLoader}).
 * Each task is independent, seeded and single-threaded, so the numbers do not depend on the engine.
 */
public interface SweepEngine {
    /** How the engine is asked for: {@code --engine NAME}. */
    String name();

    /** Checks the options before anything is written (a bad master URL, an unreachable cluster). */
    default void check(Options options) {
    }

    /**
     * Runs every task; {@code onResult} is called once per task as it finishes (from any thread, one call
     * at a time). A task whose simulation fails comes back as a failed result, not an exception.
     */
    void run(List<SweepTask> tasks, Options options, Consumer<SweepTaskResult> onResult);

    /**
     * @param jobs parallel simulations (local: threads; spark: local[jobs] when no master is given)
     * @param master a Spark master URL (null: the engine's default)
     * @param verbose let the engine log as it normally does
     */
    record Options(int jobs, String master, boolean verbose) {
    }
}
