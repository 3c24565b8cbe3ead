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

    /**
     * What the sweep would do, without doing it: every point, their number, and an estimate of the wall
     * time on {@code jobs} workers from a short calibration: one run of the first point of each machine
     * size (at most three), each point then costed by its size's run (the nearest size, scaled by CPUs,
     * for the others). Nothing is written.
     */
    public String dryRun(int jobs) {
        StringBuilder s = new StringBuilder();
        for (SweepSpec.Point p : spec.points()) {
            s.append("  ").append(p.id()).append('\n');
        }
        return s.append(estimate(jobs)).toString();
    }

    /** The points' number and the calibrated estimate of their wall time on {@code jobs} workers. */
    public String estimate(int jobs) {
        List<SweepSpec.Point> points = spec.points();
        StringBuilder s = new StringBuilder();
        java.util.TreeMap<Integer, SweepSpec.Point> bySize = new java.util.TreeMap<>();
        for (int c = 0; c < points.size(); c += spec.replications) {
            bySize.putIfAbsent(spec.cpusOf(c), points.get(c));
        }
        java.util.TreeMap<Integer, Double> seconds = new java.util.TreeMap<>();
        List<Integer> sizes = new java.util.ArrayList<>(bySize.keySet());
        List<Integer> calibrate = sizes.size() <= 3 ? sizes : List.of(sizes.get(0), sizes.get(sizes.size() / 2), sizes.get(sizes.size() - 1));
        double calibration = 0;
        for (int cpus : calibrate) {
            ExperimentFile e = spec.build(bySize.get(cpus));
            long t0 = System.nanoTime();
            WorkloadRun.run(e.machine(), e.kernel(), e.host(), e.workload(), e.args(), e.settings(), bySize.get(cpus).seed());
            double sec = (System.nanoTime() - t0) / 1e9;
            seconds.put(cpus, sec);
            calibration += sec;
        }
        double total = 0;
        for (int i = 0; i < points.size(); i++) {
            int cpus = spec.cpusOf(i);
            var near = seconds.floorEntry(cpus) != null ? seconds.floorEntry(cpus) : seconds.ceilingEntry(cpus);
            total += near.getValue() * cpus / near.getKey();
        }
        s.append(String.format(java.util.Locale.ROOT, "%d points (%d combinations x %d replications)%n", points.size(), points.size() / spec.replications,
                spec.replications));
        s.append(String.format(java.util.Locale.ROOT,
                "estimated wall time: ~%.0f s on %d worker(s) (calibrated on %d run(s) of %.1f s; the first runs of a JVM are slower while it compiles)%n",
                total / Math.min(jobs, points.size()), jobs, calibrate.size(), calibration));
        return s.toString();
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
