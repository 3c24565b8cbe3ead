package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.commons.math3.stat.inference.TTest;

import com.fasterxml.jackson.databind.ObjectMapper;

import numasim.kernel.Events;
import numasim.results.RunRecord;
import numasim.results.Stats;
import numasim.topology.ConfigException;

/**
 * {@code numasim compare A B}, laid out as LKP's compare: for every figure and counter, A's mean and
 * relative standard deviation, the change, B's, and the metric, named as LKP names them
 * ({@code ebizzy.records_per_s}, {@code proc-vmstat.pgfault}). A change is marked significant when a
 * t-test gives p < 0.05: paired by seed where both sides ran the same seeds, Welch's otherwise. Rates
 * (per second, per thread) are averaged harmonically, as mmtests does.
 */
public final class Compare {
    /** One side's runs of one configuration. */
    record Group(String label, List<RunRecord> runs) {
    }

    /** One row: metric, both sides' values by seed. */
    record Row(String metric, double meanA, double sdPctA, double change, double meanB, double sdPctB, double p, boolean significant) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> VMSTAT = Events.vmstatNames();

    private Compare() {
    }

    /** Every run record under {@code path}: a run folder, an experiment's, a sweep's or a reproduction's. */
    public static List<RunRecord> load(Path path, String option) {
        if (!Files.exists(path)) {
            throw new ConfigException(option, path + ": no such file or directory");
        }
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                var tree = MAPPER.readTree(f.toFile());
                if (!tree.has("workload") || !tree.has("result") || !tree.has("counters")) {
                    continue; // a summary.json, a schema
                }
                int v = tree.has("schema_version") ? tree.get("schema_version").asInt() : 1;
                if (v > RunRecord.SCHEMA_VERSION) {
                    throw new ConfigException(option, f + ": a run record of schema " + v + ", newer than this numasim reads (" + RunRecord.SCHEMA_VERSION + ")");
                }
                out.add(MAPPER.treeToValue(tree, RunRecord.class));
            }
        } catch (IOException e) {
            throw new ConfigException(option, path + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ConfigException(option, path + ": no run records (metrics.json or runs/*.json) found");
        }
        return out;
    }

    /** The configurations of one side: same machine, workload, arguments, kernel and axes. */
    static Map<String, List<RunRecord>> groups(List<RunRecord> runs) {
        Map<String, List<RunRecord>> g = new TreeMap<>();
        for (RunRecord r : runs) {
            String key = r.machine() + " " + r.kernel() + " " + r.workload() + " " + String.join(" ", r.args())
                    + (r.axes().isEmpty() ? "" : " " + new TreeMap<>(r.axes()));
            g.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    /** The report: a block per configuration both sides ran (or the one pair, when each side is one). */
    public static String render(List<RunRecord> a, List<RunRecord> b, String nameA, String nameB, boolean all) {
        Map<String, List<RunRecord>> ga = groups(a);
        Map<String, List<RunRecord>> gb = groups(b);
        List<String[]> pairs = new ArrayList<>();
        for (String k : ga.keySet()) {
            if (gb.containsKey(k)) {
                pairs.add(new String[] {k, k});
            }
        }
        if (pairs.isEmpty() && ga.size() == 1 && gb.size() == 1) {
            pairs.add(new String[] {ga.keySet().iterator().next(), gb.keySet().iterator().next()});
        }
        if (pairs.isEmpty()) {
            throw new ConfigException("compare", "the two sides share no configuration (A: " + ga.keySet() + "; B: " + gb.keySet() + ")");
        }
        StringBuilder s = new StringBuilder();
        for (String[] p : pairs) {
            s.append(block(ga.get(p[0]), gb.get(p[1]), p[0], p[1], nameA, nameB, all));
        }
        s.append("\n* p < 0.05 (t-test: paired by seed where both sides ran the same seeds, Welch's otherwise); ±: relative standard deviation;\n")
                .append("rates (per second, per thread) are harmonic means, as mmtests reports them\n");
        return s.toString();
    }

    private static String block(List<RunRecord> a, List<RunRecord> b, String keyA, String keyB, String nameA, String nameB, boolean all) {
        StringBuilder s = new StringBuilder();
        s.append("=========================================================================================\n");
        s.append(keyA.equals(keyB) ? keyA : keyA + "\n  vs\n" + keyB).append("\n\n");
        s.append(String.format(Locale.ROOT, "%16s  %27s%n", cut(nameA, 16), cut(nameB, 27)));
        s.append("---------------- --------------------------- \n");
        s.append("         %stddev     %change         %stddev\n");
        s.append("             \\          |                \\  \n");
        Map<String, Map<Long, Double>> va = values(a);
        Map<String, Map<Long, Double>> vb = values(b);
        TreeSet<String> metrics = new TreeSet<>(va.keySet());
        metrics.addAll(vb.keySet());
        for (String m : metrics) {
            Row r = row(m, va.getOrDefault(m, Map.of()), vb.getOrDefault(m, Map.of()));
            if (r == null || !all && r.meanA() == r.meanB()) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "%16s %s %10s %16s %s  %s%s%n", num(r.meanA()), sd(r.sdPctA()), pct(r.change()), num(r.meanB()),
                    sd(r.sdPctB()), r.significant() ? "* " : "  ", m));
        }
        return s.toString();
    }

    /** Each metric's value by seed: the result figures as workload.metric, the counters by their vmstat name or numasim key. */
    static Map<String, Map<Long, Double>> values(List<RunRecord> runs) {
        Map<String, Map<Long, Double>> v = new TreeMap<>();
        for (RunRecord r : runs) {
            SweepReport.flatten(r.result()).forEach((k, x) -> {
                if (x instanceof Number n) {
                    v.computeIfAbsent(r.workload() + "." + k, q -> new TreeMap<>()).put(r.seed(), n.doubleValue());
                }
            });
            r.counters().forEach((k, x) -> {
                if (x instanceof Number n) {
                    String name = VMSTAT.containsKey(k) ? "proc-vmstat." + VMSTAT.get(k) : "numasim." + k;
                    v.computeIfAbsent(name, q -> new TreeMap<>()).put(r.seed(), n.doubleValue());
                }
            });
        }
        return v;
    }

    static Row row(String metric, Map<Long, Double> a, Map<Long, Double> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return null;
        }
        double[] x = a.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.values().stream().mapToDouble(Double::doubleValue).toArray();
        boolean rate = isRate(metric);
        double ma = mean(x, rate);
        double mb = mean(y, rate);
        double p = Double.NaN;
        if (a.keySet().equals(b.keySet()) && x.length >= 2 && !allEqualDifferences(x, y)) {
            p = new TTest().pairedTTest(x, y);
        } else if (x.length >= 2 && y.length >= 2 && (Stats.of(x).sd() > 0 || Stats.of(y).sd() > 0)) {
            p = new TTest().tTest(x, y);
        }
        double change = ma == 0 ? (mb == 0 ? 0 : Double.POSITIVE_INFINITY) : (mb - ma) / Math.abs(ma) * 100;
        return new Row(metric, ma, relSd(x, ma), change, mb, relSd(y, mb), p, p < 0.05);
    }

    /** Rates average harmonically (mmtests): a figure per second or per task. */
    static boolean isRate(String metric) {
        return metric.endsWith("_per_s") || metric.endsWith("per_thread_ops") || metric.endsWith("per_process_ops") || metric.endsWith("ops_per_s")
                || metric.endsWith(".average");
    }

    static double mean(double[] v, boolean harmonic) {
        if (harmonic && java.util.Arrays.stream(v).allMatch(d -> d > 0)) {
            return v.length / java.util.Arrays.stream(v).map(d -> 1 / d).sum();
        }
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static boolean allEqualDifferences(double[] x, double[] y) {
        for (int i = 1; i < x.length; i++) {
            if (y[i] - x[i] != y[0] - x[0]) {
                return false;
            }
        }
        return true; // the paired test has no variance to work with
    }

    private static double relSd(double[] v, double mean) {
        return mean == 0 || v.length < 2 ? 0 : Stats.of(v).sd() / Math.abs(mean) * 100;
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** LKP prints ± only where the spread is at least 1 %. */
    private static String sd(double pct) {
        return pct >= 1 ? String.format(Locale.ROOT, "±%3.0f%%", pct) : "     ";
    }

    private static String pct(double change) {
        return Double.isInfinite(change) ? "new" : String.format(Locale.ROOT, "%+.1f%%", change);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n + 3);
    }
}
