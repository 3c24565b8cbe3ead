package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import numasim.results.MarkdownTable;
import numasim.results.RunRecord;
import numasim.results.Stats;

/**
 * What a finished sweep writes: runs.csv (one row per run), aggregate.csv and aggregate.md (mean, sample
 * standard deviation and 95 % CI per combination), a chart per metric, report.md and report.html.
 */
final class SweepReport {
    private final SweepSpec spec;
    private final Path output;
    private final Map<String, List<Object>> axes;

    SweepReport(SweepSpec spec) {
        this.spec = spec;
        this.output = spec.output;
        this.axes = spec.axes;
    }

    /** runs.csv (one row per run), aggregate.csv and aggregate.md (per combination). */
    void write(List<SweepSpec.Point> points, List<RunRecord> records) throws IOException {
        write(points, records, Map.of());
    }

    /** The same, with the points that failed (by index: their message) as rows of their own. */
    void write(List<SweepSpec.Point> points, List<RunRecord> records, Map<Integer, String> failures) throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        TreeSet<String> metrics = new TreeSet<>();
        TreeSet<String> counters = new TreeSet<>();
        for (RunRecord r : records) {
            Map<String, Object> flat = r == null ? Map.of() : flatten(r.result());
            results.add(flat);
            flat.forEach((k, v) -> {
                if (v instanceof Number) {
                    metrics.add(k);
                }
            });
            if (r != null) {
                r.counters().forEach((k, v) -> {
                    if (v instanceof Number) {
                        counters.add(k);
                    }
                });
            }
        }
        // RFC 4180 (Commons CSV): a value with a comma or quote is quoted; a metric named like an axis
        // gets a "result." prefix, so that no two columns share a name
        List<String> header = new ArrayList<>(axes.keySet());
        header.add("seed");
        if (!failures.isEmpty()) {
            header.addAll(List.of("status", "message"));
        }
        metrics.forEach(m -> header.add(axes.containsKey(m) || m.equals("seed") || m.equals("status") || m.equals("message") ? "result." + m : m));
        counters.forEach(c -> header.add("counter." + c));
        try (org.apache.commons.csv.CSVPrinter csv = csv("runs.csv", header)) {
            for (int i = 0; i < points.size(); i++) {
                List<String> row = new ArrayList<>();
                points.get(i).axes().values().forEach(v -> row.add(String.valueOf(v)));
                row.add(String.valueOf(points.get(i).seed()));
                RunRecord r = records.get(i);
                if (!failures.isEmpty()) {
                    String why = failures.get(i);
                    row.add(why == null ? "ok" : "failed");
                    row.add(why == null ? "" : why);
                }
                Map<String, Object> flat = results.get(i);
                metrics.forEach(m -> row.add(r == null ? "" : String.valueOf(flat.getOrDefault(m, ""))));
                counters.forEach(c -> row.add(r == null ? "" : String.valueOf(r.counters().getOrDefault(c, ""))));
                csv.printRecord(row);
            }
        }

        // runs.jsonl: one finished run per line, its axes included, for loaders that want every field
        com.fasterxml.jackson.databind.ObjectMapper compact = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        StringBuilder jsonl = new StringBuilder();
        for (RunRecord r : records) {
            if (r != null) {
                jsonl.append(compact.writeValueAsString(r.toMap())).append('\n');
            }
        }
        Files.writeString(output.resolve("runs.jsonl"), jsonl.toString());

        LinkedHashMap<String, List<Integer>> byCombo = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            byCombo.computeIfAbsent(points.get(i).axes().toString(), k -> new ArrayList<>()).add(i);
        }
        List<String> cols = new ArrayList<>(axes.keySet());
        cols.addAll(List.of("metric", "n", "mean", "sd", "ci95"));
        MarkdownTable md = new MarkdownTable(cols.toArray(new String[0]));
        List<List<Object>> aggRows = new ArrayList<>();
        for (List<Integer> idx : byCombo.values()) {
            Map<String, Object> combo = points.get(idx.get(0)).axes();
            for (String m : metrics) {
                double[] v = idx.stream().filter(i -> records.get(i) != null)
                        .mapToDouble(i -> results.get(i).get(m) instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
                Stats s = Stats.of(v);
                List<Object> row = new ArrayList<>(combo.values());
                row.addAll(List.of(m, s.n(), fmt(s.mean()), fmt(s.sd()), Double.isNaN(s.ci95()) ? "" : fmt(s.ci95())));
                aggRows.add(row);
                md.row(row.toArray());
            }
            // the kernel counters too (aggregate.csv only: the markdown table keeps to the benchmark's figures)
            for (String c : counters) {
                double[] v = idx.stream().filter(i -> records.get(i) != null).mapToDouble(i -> records.get(i).counter(c)).toArray();
                if (java.util.Arrays.stream(v).allMatch(x -> x == 0)) {
                    continue;
                }
                Stats s = Stats.of(v);
                List<Object> row = new ArrayList<>(combo.values());
                row.addAll(List.of("counter." + c, s.n(), fmt(s.mean()), fmt(s.sd()), Double.isNaN(s.ci95()) ? "" : fmt(s.ci95())));
                aggRows.add(row);
            }
        }
        try (org.apache.commons.csv.CSVPrinter csv = csv("aggregate.csv", cols)) {
            for (List<Object> row : aggRows) {
                csv.printRecord(row.stream().map(String::valueOf).toList());
            }
        }
        Files.writeString(output.resolve("aggregate.md"), md.render());
        List<String> charts = charts(points, records, results, metrics);
        StringBuilder section = new StringBuilder("# sweep: " + String.join(" x ", axes.keySet()) + "\n\n");
        section.append("Mean, sample standard deviation and 95 % confidence interval over the replications of each combination.\n\n");
        section.append(md.render()).append('\n');
        charts.forEach(c -> section.append("![").append(c).append("](").append(c).append(")\n"));
        List<String> facts = List.of(Provenance.line(),
                "reproduce with: numasim sweep " + spec.file + (spec.outputOverride != null ? " --out " + spec.outputOverride : ""),
                "axes: " + axes, "replications: " + spec.replications + ", seeds " + spec.seed + ".." + (spec.seed + spec.replications - 1),
                "machine presets and kernels: as the axes and the experiment give them; each run's metrics.json under runs/");
        numasim.results.Report.write(output, "numasim sweep", facts, List.of(new numasim.results.Report.Section("sweep", section.toString(), output)));
    }

    /** A chart per metric against the first numeric axis, one line per combination of the other axes. */
    private List<String> charts(List<SweepSpec.Point> points, List<RunRecord> records, List<Map<String, Object>> results, TreeSet<String> metrics)
            throws IOException {
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
                Object v = records.get(i) == null ? null : results.get(i).get(m);
                if (v instanceof Number n) {
                    lines.computeIfAbsent(name, k -> new java.util.TreeMap<>()).computeIfAbsent(x, k -> new ArrayList<>()).add(n.doubleValue());
                }
            }
            if (constantOrEcho(lines)) {
                continue;
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
            boolean bands = points.size() > lines.size() * lines.values().stream().mapToInt(Map::size).max().orElse(1);
            numasim.results.Charts.linesWithBands(numasim.results.Units.label(m) + " against " + xAxis + (bands ? " (mean, 95 % CI band)" : ""),
                    numasim.results.Units.label(xAxis), numasim.results.Units.label(m), series, output.resolve(file));
            files.add(file);
        }
        return files;
    }

    /**
     * A metric that is the same at every point (ebizzy's chunk size) or repeats the x axis (its thread
     * count in a sweep over CPUs) says nothing as a chart: none is drawn.
     */
    static boolean constantOrEcho(Map<String, Map<Double, List<Double>>> lines) {
        java.util.Set<Double> values = new java.util.HashSet<>();
        boolean echo = true;
        for (Map<Double, List<Double>> byX : lines.values()) {
            for (Map.Entry<Double, List<Double>> e : byX.entrySet()) {
                values.addAll(e.getValue());
                echo &= e.getValue().stream().allMatch(v -> v.equals(e.getKey()));
            }
        }
        return values.size() <= 1 || echo;
    }

    /** An RFC 4180 file of the sweep's folder with {@code header}, lines ending in LF. */
    private org.apache.commons.csv.CSVPrinter csv(String name, List<String> header) throws IOException {
        return new org.apache.commons.csv.CSVPrinter(Files.newBufferedWriter(output.resolve(name)),
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(new String[0])).build());
    }

    /** A result with nested figures (kernbench's half/optimal/maximal) as dotted names (half.elapsed_s), per-run lists as their mean. */
    static Map<String, Object> flatten(Map<String, Object> m) {
        Map<String, Object> out = new java.util.TreeMap<>();
        flatten("", m, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> m, Map<String, Object> out) {
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> sub) {
                flatten(prefix + k + ".", (Map<String, Object>) sub, out);
            } else if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
                // per-run figures (kernbench's runs of a load): their mean, as kernbench's Average line
                out.put(prefix + k, l.stream().mapToDouble(x -> ((Number) x).doubleValue()).average().orElse(Double.NaN));
            } else {
                out.put(prefix + k, v);
            }
        });
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

}
