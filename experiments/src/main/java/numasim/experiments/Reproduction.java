package numasim.experiments;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A named reproduction of a published table: runs the emulated experiments and writes a run folder. */
public interface Reproduction {
    String name();

    /** One line of help. */
    String summary();

    /** The machine presets it runs on. */
    java.util.List<String> presets();

    /**
     * Runs it and writes {@code summary.json}, {@code table.md}, {@code table.csv}, charts and each run's
     * metrics into {@code out}; prints the table to {@code log}.
     */
    void run(Options options, Path out, PrintWriter log) throws java.io.IOException;

    /** How much to run. {@code quick}: the reduced version for smoke tests. */
    record Options(boolean quick, int replications, double seconds, int jobs) {
    }
}
