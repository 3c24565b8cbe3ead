package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import numasim.results.MarkdownTable;
import numasim.results.MetricsJson;
import numasim.results.RunRecord;
import numasim.results.Stats;
import numasim.topology.ConfigException;
import numasim.topology.YamlDocs;

/**
 * A sweep: an experiment plus axes (a field path and a list of values each). Every combination, times the
 * replications, is one run; runs go to a pool of worker threads (each simulation single-threaded and
 * seeded, so the numbers do not depend on the pool). Each finished run is kept as a JSON file, so an
 * interrupted sweep resumes where it stopped. Results: a tidy CSV (one row per run), an aggregate table
 * (mean, sample standard deviation, 95 % CI per combination) and a chart per metric.
 *
 * <pre>
 * experiment:                       # the fields of an experiment file; ${name} takes an axis value
 *   machine: {inherit: x86-kvm-16, topology: {cores_per_socket: "${cpus}"}}
 *   workload: {name: ebizzy, args: "-mTt ${cpus} -S 1"}
 * axes:
 *   cpus: [4, 8, 16]                # a name used in ${...}, or a field path such as kernel
 *   kernel: [base, spf]
 * replications: 3
 * seed: 1
 * output: runs/ebizzy-sweep
 * </pre>
 */
public final class Sweep {
    /** One run of the sweep: a combination of axis values and a seed. */
    record Point(Map<String, Object> axes, long seed) {
        String id() {
            StringBuilder sb = new StringBuilder();
            axes.forEach((k, v) -> sb.append(k.replaceAll("[^A-Za-z0-9]", "_")).append('=').append(String.valueOf(v).replaceAll("[^A-Za-z0-9.+-]", "_")).append(','));
            return sb.append("seed=").append(seed).toString();
        }
    }

    private final Map<String, Object> experiment;
    private final LinkedHashMap<String, List<Object>> axes = new LinkedHashMap<>();
    private final int replications;
    private final long seed;
    private final Path output;
    private final Path dir;

    @SuppressWarnings("unchecked")
    public Sweep(Path file, Path outputOverride) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("sweep", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, Object> m = YamlDocs.mapping(text, "sweep", file.toString());
        List<String> problems = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!List.of("experiment", "axes", "replications", "seed", "output").contains(k)) {
                problems.add(k + ": unknown field (known: axes, experiment, output, replications, seed)");
            }
        }
        if (!(m.get("experiment") instanceof Map)) {
            problems.add("experiment: " + (m.get("experiment") == null ? "missing" : "must be a mapping (the fields of an experiment file)"));
        }
        if (!(m.get("axes") instanceof Map) || ((Map<?, ?>) m.get("axes")).isEmpty()) {
            problems.add("axes: " + (m.get("axes") == null ? "missing" : "must map names or field paths to lists of values"));
        } else {
            ((Map<String, Object>) m.get("axes")).forEach((k, v) -> {
                if (!(v instanceof List<?> l) || l.isEmpty()) {
                    problems.add("axes." + k + ": must be a non-empty list of values");
                } else {
                    axes.put(k, new ArrayList<>(l));
                }
            });
        }
        Object r = m.getOrDefault("replications", 1);
        this.replications = r instanceof Integer i && i >= 1 && i <= 1000 ? i : 0;
        if (replications == 0) {
            problems.add("replications: must be a whole number from 1 to 1000, got '" + r + "'");
        }
        Object sd = m.getOrDefault("seed", 1);
        this.seed = sd instanceof Integer || sd instanceof Long ? ((Number) sd).longValue() : 0;
        if (!(sd instanceof Integer || sd instanceof Long)) {
            problems.add("seed: must be a whole number, got '" + sd + "'");
        }
        this.output = outputOverride != null ? outputOverride : m.get("output") != null ? Path.of(String.valueOf(m.get("output"))) : null;
        if (output == null) {
            problems.add("output: missing (the sweep's folder, where finished runs are kept for resuming)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        this.experiment = (Map<String, Object>) m.get("experiment");
        this.dir = file.toAbsolutePath().getParent();
        // validate every combination up front: a typo must not surface halfway through
        for (Point p : points()) {
            try {
                build(p);
            } catch (ConfigException e) {
                throw new ConfigException(e.problems().stream().map(x -> "combination " + p.axes() + ": " + x).toList());
            }
        }
    }

    List<Point> points() {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> a : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : a.getValue()) {
                    Map<String, Object> n = new LinkedHashMap<>(c);
                    n.put(a.getKey(), v);
                    next.add(n);
                }
            }
            combos = next;
        }
        List<Point> out = new ArrayList<>();
        for (Map<String, Object> c : combos) {
            for (int i = 0; i < replications; i++) {
                out.add(new Point(c, seed + i));
            }
        }
        return out;
    }

    /** The experiment of one point: axis values set at their field paths and substituted for ${name}. */
    @SuppressWarnings("unchecked")
    ExperimentFile build(Point p) {
        Map<String, Object> tree = (Map<String, Object>) substitute(deepCopy(experiment), p.axes());
        for (Map.Entry<String, Object> a : p.axes().entrySet()) {
            if (a.getKey().contains(".") || List.of("kernel", "machine", "replications", "seed").contains(a.getKey())) {
                setPath(tree, a.getKey(), a.getValue());
            }
        }
        tree.put("seed", (int) p.seed());
        tree.put("replications", 1);
        tree.remove("output");
        return ExperimentFile.fromMap(tree, dir);
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), deepCopy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Object substitute(Object o, Map<String, Object> values) {
        if (o instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).replaceAll((k, v) -> substitute(v, values));
            return m;
        }
        if (o instanceof List<?> l) {
            ((List<Object>) l).replaceAll(v -> substitute(v, values));
            return l;
        }
        if (o instanceof String s && s.contains("${")) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                String whole = "${" + e.getKey() + "}";
                if (s.equals(whole)) {
                    return e.getValue(); // a field that is only a placeholder takes the value's type
                }
                s = s.replace(whole, String.valueOf(e.getValue()));
            }
            return s;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void setPath(Map<String, Object> tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        cur.put(parts[parts.length - 1], value);
    }

    /** Runs every point not already finished; returns the records of all points, in order. */
    public List<RunRecord> run(int jobs, PrintWriter log, boolean terminal) throws IOException {
        Path runsDir = output.resolve("runs");
        Files.createDirectories(runsDir);
        List<Point> points = points();
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
            built.put(i, build(points.get(i)));
        }
        todo.sort(Comparator.comparingInt((Integer i) -> -built.get(i).machine().cpus()));
        long t0 = System.nanoTime();
        int startDone = done.get();
        List<java.util.function.Supplier<Void>> work = new ArrayList<>();
        for (int i : todo) {
            work.add(() -> {
                Point p = points.get(i);
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
        write(points, records);
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

    /** runs.csv (one row per run), aggregate.csv and aggregate.md (per combination). */
    private void write(List<Point> points, List<RunRecord> records) throws IOException {
        TreeSet<String> metrics = new TreeSet<>();
        TreeSet<String> counters = new TreeSet<>();
        for (RunRecord r : records) {
            r.result().forEach((k, v) -> {
                if (v instanceof Number) {
                    metrics.add(k);
                }
            });
            r.counters().forEach((k, v) -> {
                if (v instanceof Number) {
                    counters.add(k);
                }
            });
        }
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(axes.keySet());
        header.add("seed");
        header.addAll(metrics);
        counters.forEach(c -> header.add("counter." + c));
        csv.append(String.join(",", header)).append('\n');
        for (int i = 0; i < points.size(); i++) {
            List<String> row = new ArrayList<>();
            points.get(i).axes().values().forEach(v -> row.add(String.valueOf(v)));
            row.add(String.valueOf(points.get(i).seed()));
            RunRecord r = records.get(i);
            metrics.forEach(m -> row.add(String.valueOf(r.result().getOrDefault(m, ""))));
            counters.forEach(c -> row.add(String.valueOf(r.counters().getOrDefault(c, ""))));
            csv.append(String.join(",", row)).append('\n');
        }
        Files.writeString(output.resolve("runs.csv"), csv.toString());

        LinkedHashMap<String, List<Integer>> byCombo = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            byCombo.computeIfAbsent(points.get(i).axes().toString(), k -> new ArrayList<>()).add(i);
        }
        List<String> cols = new ArrayList<>(axes.keySet());
        cols.addAll(List.of("metric", "n", "mean", "sd", "ci95"));
        StringBuilder agg = new StringBuilder(String.join(",", cols)).append('\n');
        MarkdownTable md = new MarkdownTable(cols.toArray(new String[0]));
        for (List<Integer> idx : byCombo.values()) {
            Map<String, Object> combo = points.get(idx.get(0)).axes();
            for (String m : metrics) {
                double[] v = idx.stream().mapToDouble(i -> ((Number) records.get(i).result().getOrDefault(m, Double.NaN)).doubleValue()).toArray();
                Stats s = Stats.of(v);
                List<Object> row = new ArrayList<>(combo.values());
                row.addAll(List.of(m, s.n(), fmt(s.mean()), fmt(s.sd()), Double.isNaN(s.ci95()) ? "" : fmt(s.ci95())));
                agg.append(String.join(",", row.stream().map(String::valueOf).toList())).append('\n');
                md.row(row.toArray());
            }
        }
        Files.writeString(output.resolve("aggregate.csv"), agg.toString());
        Files.writeString(output.resolve("aggregate.md"), md.render());
        List<String> charts = charts(points, records, metrics);
        StringBuilder section = new StringBuilder("# sweep: " + String.join(" x ", axes.keySet()) + "\n\n");
        section.append("Mean, sample standard deviation and 95 % confidence interval over the replications of each combination.\n\n");
        section.append(md.render()).append('\n');
        charts.forEach(c -> section.append("![").append(c).append("](").append(c).append(")\n"));
        List<String> facts = List.of(Provenance.line(),
                "axes: " + axes, "replications: " + replications + ", seeds " + seed + ".." + (seed + replications - 1),
                "machine presets and kernels: as the axes and the experiment give them; each run's metrics.json under runs/");
        numasim.results.Report.write(output, "numasim sweep", facts, List.of(new numasim.results.Report.Section("sweep", section.toString(), output)));
    }

    /** A chart per metric against the first numeric axis, one line per combination of the other axes. */
    private List<String> charts(List<Point> points, List<RunRecord> records, TreeSet<String> metrics) throws IOException {
        List<String> files = new ArrayList<>();
        String xAxis = axes.entrySet().stream().filter(e -> e.getValue().stream().allMatch(v -> v instanceof Number))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (xAxis == null) {
            return files;
        }
        for (String m : metrics) {
            Map<String, Map<Double, List<Double>>> lines = new LinkedHashMap<>();
            for (int i = 0; i < points.size(); i++) {
                Map<String, Object> others = new LinkedHashMap<>(points.get(i).axes());
                double x = ((Number) others.remove(xAxis)).doubleValue();
                String name = others.isEmpty() ? m : others.toString().replaceAll("[{}]", "");
                Object v = records.get(i).result().get(m);
                if (v instanceof Number n) {
                    lines.computeIfAbsent(name, k -> new java.util.TreeMap<>()).computeIfAbsent(x, k -> new ArrayList<>()).add(n.doubleValue());
                }
            }
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            lines.forEach((name, byX) -> {
                List<double[]> pts = new ArrayList<>();
                byX.forEach((x, vs) -> {
                    Stats s = Stats.of(vs.stream().mapToDouble(Double::doubleValue).toArray());
                    pts.add(new double[] {x, s.mean(), s.ci95()});
                });
                series.put(name, pts);
            });
            String file = "chart-" + m.replaceAll("[^A-Za-z0-9_]", "_") + ".png";
            numasim.results.Charts.linesWithBands(m + " against " + xAxis + " (mean, 95 % CI band)", xAxis, m, series, output.resolve(file));
            files.add(file);
        }
        return files;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    public Path output() {
        return output;
    }

    public int size() {
        return points().size();
    }
}
