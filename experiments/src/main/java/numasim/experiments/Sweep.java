package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import numasim.results.RunRecord;

/**
 * A sweep: its file ({@link SweepSpec}), its runs ({@link SweepRunner}: resumable, on worker threads,
 * numbers independent of their number) and its report ({@link SweepReport}).
 */
public final class Sweep {
    private final SweepSpec spec;

    public Sweep(Path file, Path outputOverride) {
        this.spec = new SweepSpec(file, outputOverride);
    }

    /** Runs every point not already finished, then writes the report; returns the records of all points, in order. */
    public List<RunRecord> run(int jobs, PrintWriter log, boolean terminal) throws IOException {
        List<RunRecord> records = SweepRunner.run(spec, jobs, log, terminal);
        new SweepReport(spec).write(spec.points(), records);
        return records;
    }

    public Path output() {
        return spec.output();
    }

    public int size() {
        return spec.size();
    }

    SweepSpec spec() {
        return spec;
    }
}
