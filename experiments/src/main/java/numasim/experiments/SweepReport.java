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
        TreeSet<String> metrics = new TreeSet<>();
        TreeSet<String> counters = new TreeSet<>();
        for (RunRecord r : records) {
            if (r == null) {
                continue;
            }
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
        if (!failures.isEmpty()) {
            header.addAll(List.of("status", "message"));
        }
        header.addAll(metrics);
        counters.forEach(c -> header.add("counter." + c));
        csv.append(String.join(",", header)).append('\n');
        for (int i = 0; i < points.size(); i++) {
            List<String> row = new ArrayList<>();
            points.get(i).axes().values().forEach(v -> row.add(String.valueOf(v)));
            row.add(String.valueOf(points.get(i).seed()));
            RunRecord r = records.get(i);
            if (!failures.isEmpty()) {
                String why = failures.get(i);
                row.add(why == null ? "ok" : "failed");
                row.add(why == null ? "" : "\"" + why.replace("\"", "\"\"") + "\"");
            }
            metrics.forEach(m -> row.add(r == null ? "" : String.valueOf(r.result().getOrDefault(m, ""))));
            counters.forEach(c -> row.add(r == null ? "" : String.valueOf(r.counters().getOrDefault(c, ""))));
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
                double[] v = idx.stream().filter(i -> records.get(i) != null)
                        .mapToDouble(i -> ((Number) records.get(i).result().getOrDefault(m, Double.NaN)).doubleValue()).toArray();
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
                "axes: " + axes, "replications: " + spec.replications + ", seeds " + spec.seed + ".." + (spec.seed + spec.replications - 1),
                "machine presets and kernels: as the axes and the experiment give them; each run's metrics.json under runs/");
        numasim.results.Report.write(output, "numasim sweep", facts, List.of(new numasim.results.Report.Section("sweep", section.toString(), output)));
    }

    /** A chart per metric against the first numeric axis, one line per combination of the other axes. */
    private List<String> charts(List<SweepSpec.Point> points, List<RunRecord> records, TreeSet<String> metrics) throws IOException {
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
                Object v = records.get(i) == null ? null : records.get(i).result().get(m);
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

}
