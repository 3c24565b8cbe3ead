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

    /** Runs every point of {@code spec} not already finished; returns the records of all points, in order. */
    public static List<RunRecord> run(SweepSpec spec, int jobs, PrintWriter log, boolean terminal) throws IOException {
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
            Path f = runsDir.resolve(points.get(i).id() + ".json");
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
        Map<Integer, ExperimentFile> built = new HashMap<>();
        for (int i : todo) {
            built.put(i, spec.build(points.get(i)));
        }
        todo.sort(Comparator.comparingInt((Integer i) -> -built.get(i).machine().cpus()));
        long t0 = System.nanoTime();
        int startDone = done.get();
        List<java.util.function.Supplier<Void>> work = new ArrayList<>();
        for (int i : todo) {
            work.add(() -> {
                SweepSpec.Point p = points.get(i);
                ExperimentFile e = built.get(i);
                WorkloadRun.Outcome o = WorkloadRun.run(e.machine(), e.kernel(), e.host(), e.workload(), e.args(), e.settings(), p.seed());
                try {
                    // written whole, then renamed: a killed sweep never leaves half a run to resume from
                    Path tmp = runsDir.resolve(p.id() + ".json.tmp");
                    MetricsJson.write(tmp, o.record());
                    Files.move(tmp, runsDir.resolve(p.id() + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
                synchronized (records) {
                    records.set(i, o.record());
                    int d = done.incrementAndGet();
                    double el = (System.nanoTime() - t0) / 1e9;
                    progress(log, terminal, d, total, el / (d - startDone) * (total - d));
                }
                return null;
            });
        }
        Runner.all(work, jobs);
        if (terminal) {
            log.println();
        }
        return records;
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
