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
        return run(new numasim.experiments.engine.LocalEngine(), new numasim.experiments.engine.SweepEngine.Options(jobs, null, false), log, terminal)
                .records();
    }

    /** The same on {@code engine}; failed points are rows of runs.csv with their message (and null records). */
    public SweepRunner.Outcome run(numasim.experiments.engine.SweepEngine engine, numasim.experiments.engine.SweepEngine.Options options,
            PrintWriter log, boolean terminal) throws IOException {
        SweepRunner.Outcome o = SweepRunner.run(spec, engine, options, log, terminal);
        new SweepReport(spec).write(spec.points(), o.records(), o.failures());
        return o;
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
