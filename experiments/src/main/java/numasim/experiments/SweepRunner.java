package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import numasim.experiments.engine.SweepEngine;
import numasim.experiments.engine.SweepTask;
import numasim.results.MetricsJson;
import numasim.results.RunRecord;

/**
 * Runs a sweep's points: those already finished in its folder are read back (resume), the others run
 * on worker threads, largest simulated machines first, each kept as a JSON file the moment it is done;
 * a progress bar with an ETA follows them.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /** What the runs gave: a record per point (null where it failed) and the failures by point index. */
    public record Outcome(List<RunRecord> records, Map<Integer, String> failures) {
    }

    /** Runs every point of {@code spec} not already finished on worker threads of this process. */
    public static List<RunRecord> run(SweepSpec spec, int jobs, PrintWriter log, boolean terminal) throws IOException {
        return run(spec, new numasim.experiments.engine.LocalEngine(), new SweepEngine.Options(jobs, null, false), log, terminal).records();
    }

    /**
     * Runs every point of {@code spec} not already finished on {@code engine}; each finished run is written
     * to the folder the moment its result comes back (so an interrupted sweep resumes), a failed one is
     * recorded with its message and left for the next resume.
     */
    public static Outcome run(SweepSpec spec, SweepEngine engine, SweepEngine.Options options, PrintWriter log, boolean terminal) throws IOException {
        Path runsDir = spec.output.resolve("runs");
        Files.createDirectories(runsDir);
        List<SweepSpec.Point> points = spec.points();
        List<RunRecord> records = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            records.add(null);
        }
        ObjectMapper mapper = new ObjectMapper();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Path f = runsDir.resolve(spec.runKey(points.get(i)) + ".json");
            if (Files.exists(f)) {
                records.set(i, mapper.readValue(f.toFile(), RunRecord.class));
            } else {
                todo.add(i);
            }
        }
        int total = points.size();
        AtomicInteger done = new AtomicInteger(total - todo.size());
        if (done.get() > 0) {
            log.printf("resuming: %d of %d runs already finished%n", done.get(), total);
        }
        // largest machines first (a run's cost grows with the CPUs it simulates), so that the pool does
        // not end on one long run while the other workers idle; results keep the points' order
        Map<Integer, Integer> cpus = new HashMap<>();
        for (int i : todo) {
            cpus.put(i, spec.cpusOf(i));
        }
        todo.sort(Comparator.comparingInt((Integer i) -> -cpus.get(i)));
        List<SweepTask> tasks = new ArrayList<>();
        for (int i : todo) {
            SweepSpec.Point p = points.get(i);
            tasks.add(new SweepTask(i, spec.runKey(p), p.seed(), MetricsJson.toJson(spec.portableTree(p)), spec.dir.toString()));
        }
        long t0 = System.nanoTime();
        int startDone = done.get();
        Map<Integer, String> failures = new java.util.TreeMap<>();
        engine.run(tasks, options, r -> {
            if (r.failed()) {
                failures.put(r.index(), r.failure());
            } else {
                try {
                    // written whole, then renamed: a killed sweep never leaves half a run to resume from
                    RunRecord rec = mapper.readValue(r.recordJson(), RunRecord.class).withAxes(points.get(r.index()).axes());
                    Path tmp = runsDir.resolve(r.id() + ".json.tmp");
                    Files.writeString(tmp, MetricsJson.toJson(rec.toMap()));
                    Files.move(tmp, runsDir.resolve(r.id() + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    records.set(r.index(), rec);
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }
            int d = done.incrementAndGet();
            double el = (System.nanoTime() - t0) / 1e9;
            progress(log, terminal, d, total, el / (d - startDone) * (total - d));
        });
        if (terminal && !tasks.isEmpty()) {
            log.println();
        }
        return new Outcome(records, failures);
    }

    private static void progress(PrintWriter log, boolean terminal, int done, int total, double eta) {
        int width = 30;
        int filled = (int) Math.round((double) done / total * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "[%s] %d/%d runs, ETA %s", bar, done, total, eta < 1 ? "0 s" : String.format(Locale.ROOT, "%.0f s", eta));
        if (terminal) {
            log.print("\r" + line);
        } else {
            log.println(line);
        }
        log.flush();
    }

}
