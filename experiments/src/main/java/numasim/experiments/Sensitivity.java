package numasim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import numasim.kernel.KernelFeatures;
import numasim.topology.Cost;
import numasim.topology.CostRange;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;

/**
 * How much a reproduced number moves when each cost parameter moves across its documented range: one at
 * a time (the band and a tornado chart) and a Morris elementary-effects screening over all of them at once
 * (mu*, the mean absolute effect, and sigma, its spread: interactions and non-linearity). Every point runs
 * with the same seed (common random numbers), so a parameter the number cannot depend on moves it by 0.
 */
public final class Sensitivity {
    /** How a case's number comes out of a machine: one or more runs on it, with the seed given. */
    @FunctionalInterface
    public interface Evaluator {
        double at(MachineSpec machine, long seed);
    }

    /**
     * A number to study: its label, the machine it runs on ({@code machine}: a document
     * {@link MachineSpecs#fromMap} accepts, so that costs can be moved over it), its name for files and
     * charts, the published value (NaN: none) and how it is computed.
     */
    public record Case(String label, String machineName, Map<String, Object> machine, double published, Evaluator eval, String rowId) {
        /** A case that is no reproduction's row. */
        public Case(String label, String machineName, Map<String, Object> machine, double published, Evaluator eval) {
            this(label, machineName, machine, published, eval, null);
        }

        double value(MachineSpec m, long seed) {
            return eval.at(m, seed);
        }
    }

    /** The SPF-over-BASE change (%) of {@code metric} (a dotted path for nested results) of a workload run. */
    static Evaluator spfChange(String workload, List<String> args, Map<String, String> settings, String metric) {
        return (m, seed) -> {
            double base = metric(m, "base", workload, args, settings, metric, seed);
            double spf = metric(m, "spf", workload, args, settings, metric, seed);
            return (spf - base) / base * 100;
        };
    }

    /** {@code metric} of one run of {@code workload} on {@code m} with {@code kernel}. */
    static double metric(MachineSpec m, String kernel, String workload, List<String> args, Map<String, String> settings, String metric, long seed) {
        WorkloadRun.Outcome o = WorkloadRun.run(m, KernelFeatures.parse(kernel), Workloads.byName(workload), args, settings, seed);
        Object v = SweepReport.flatten(o.record().result()).get(metric);
        if (!(v instanceof Number n)) {
            throw new numasim.topology.ConfigException("--metric", "the run has no numeric result '" + metric + "' (results: "
                    + String.join(", ", SweepReport.flatten(o.record().result()).entrySet().stream().filter(e -> e.getValue() instanceof Number)
                            .map(Map.Entry::getKey).toList()) + ")");
        }
        return n.doubleValue();
    }

    private static Map<String, Object> preset(String name) {
        return Map.of("inherit", name);
    }

    /** One parameter's one-at-a-time result: the number at the range's two ends. */
    public record Oat(String param, CostRange range, double atLow, double atHigh) {
        double band() {
            return Math.abs(atHigh - atLow);
        }
    }

    /** Morris screening of one parameter: mean absolute elementary effect and their standard deviation. */
    public record Morris(String param, double muStar, double sigma) {
    }

    /** Everything computed for one case. */
    public record Result(Case c, double baseline, List<Oat> oat, List<Morris> morris) {
        public double low() {
            return Math.min(baseline, oat.stream().mapToDouble(o -> Math.min(o.atLow(), o.atHigh())).min().orElse(baseline));
        }

        public double high() {
            return Math.max(baseline, oat.stream().mapToDouble(o -> Math.max(o.atLow(), o.atHigh())).max().orElse(baseline));
        }

        /** The band over the parameter ranges holds both the published value and values of the opposite sign. */
        public boolean spansPublishedAndOppositeSign() {
            double p = c.published();
            if (Double.isNaN(p)) {
                return false;
            }
            return low() <= p && p <= high() && (p > 0 ? low() < 0 : high() > 0);
        }
    }

    /** The reproductions with sensitivity cases. */
    public static final List<String> REPRODUCTIONS = List.of("spf-ebizzy", "spf-kernbench");

    /**
     * A reproduction's numbers: spf-ebizzy's SPF gain in records/s on the x86 guest and on POWER8;
     * spf-kernbench's SPF change of System time at the optimal load on both (reduced tree, one build).
     */
    public static List<Case> cases(String reproduction, boolean quick) {
        switch (reproduction) {
            case "spf-ebizzy" -> {
                String s = quick ? "1" : "2";
                return List.of(new Case("x86 KVM guest, SPF gain %", "x86-kvm-16", preset("x86-kvm-16"), 100.69,
                                spfChange("ebizzy", List.of("-mTt", "16", "-S", s), Map.of(), "records_per_s"), "x86-kvm-16/delta"),
                        new Case("POWER8 node, SPF gain %", "power8-80", preset("power8-80"), 84.46,
                                spfChange("ebizzy", List.of("-mTt", "80", "-S", s), Map.of(), "records_per_s"), "power8-80/delta"));
            }
            case "spf-kernbench" -> {
                List<Case> out = new ArrayList<>();
                for (String[] c : new String[][] {{"x86-kvm-16", "x86 KVM guest", "2.17"}, {"power8-80", "POWER8 node", "2.23"}}) {
                    int jobs = numasim.workloads.kernbench.BuildProfile.load(c[0]).reducedJobs();
                    out.add(new Case(c[1] + ", kernbench -M optimal, SPF change of System time %", c[0], preset(c[0]), Double.parseDouble(c[2]),
                            spfChange("kernbench", List.of("-n", "1", "-M", "-H"), Map.of("jobs", String.valueOf(quick ? Math.max(jobs / 8, 1) : jobs)),
                                    "optimal.system_s"), c[0] + "/optimal/system_s/delta"));
                }
                return out;
            }
            default -> throw new numasim.topology.ConfigException("sensitivity", "no sensitivity cases for '" + reproduction + "' (available: "
                    + String.join(", ", REPRODUCTIONS) + "; or --config FILE)");
        }
    }

    /**
     * An experiment file's number: {@code metric} of its workload on its machine and kernel (the mean of
     * its replications' seeds, starting at the one given). The machine is moved as the file gives it.
     */
    public static Case fromExperiment(java.nio.file.Path file, String metric) {
        Map<String, Object> doc = numasim.topology.YamlDocs.mapping(numasim.topology.YamlDocs.read(file, "config"), "config", file.toString());
        ExperimentFile e = ExperimentFile.fromMap(numasim.topology.YamlDocs.deepCopy(doc), file.toAbsolutePath().getParent()); // the file read once
        Object m = doc.get("machine");
        Map<String, Object> machine;
        if (m instanceof Map<?, ?> inline) {
            @SuppressWarnings("unchecked")
            Map<String, Object> im = (Map<String, Object>) inline;
            machine = im;
        } else {
            String s = String.valueOf(m);
            java.nio.file.Path rel = file.toAbsolutePath().getParent().resolve(s);
            machine = MachineSpecs.PRESETS.contains(s) ? preset(s) : MachineSpecs.resolvedDocument(rel.toString());
        }
        String kernel = e.kernel().toString();
        int reps = e.replications();
        Evaluator eval = (spec, seed) -> {
            double sum = 0;
            for (int i = 0; i < reps; i++) {
                sum += metric(spec, kernel, e.workload().name(), e.args(), e.settings(), metric, seed + i);
            }
            return sum / reps;
        };
        return new Case(e.workload().name() + " " + metric + " (" + file.getFileName() + ")", e.machine().name(), machine, Double.NaN, eval);
    }

    /** The parameters of {@code machine} that have a range to move across (fixed ones and lists are left out). */
    public static List<Cost> movable(MachineSpec m) {
        List<Cost> out = new ArrayList<>();
        for (Cost c : Cost.values()) {
            CostRange r = m.costs().range(c);
            if (c.unit != Cost.Unit.LIST && r != null && r.hi() > r.lo()) {
                out.add(c);
            }
        }
        return out;
    }

    /** {@code machine} (a document) with each cost of {@code values} set (in the parameter's unit). */
    static MachineSpec with(Map<String, Object> machine, Map<Cost, Double> values) {
        Map<String, Object> costs = new LinkedHashMap<>();
        values.forEach((c, v) -> {
            double x = c.unit == Cost.Unit.COUNT ? Math.rint(v) : v; // entries, rates: whole numbers
            costs.put(c.key, Map.of("value", x, "source", "sensitivity"));
        });
        Map<String, Object> over = new LinkedHashMap<>();
        over.put("costs", costs);
        Map<String, Object> doc = MachineSpecs.merge(machine, over);
        if (machine.get("inherit") != null) {
            doc.put("inherit", machine.get("inherit")); // merge drops it; fromMap applies the preset under the changes
        }
        return MachineSpecs.fromMap(doc, "machine.");
    }

    /**
     * One case: the baseline, each parameter at each end of its range, and {@code trajectories} Morris
     * trajectories (0: none) on a 4-level grid, run on {@code jobs} threads.
     */
    public static Result study(Case c, List<String> only, int trajectories, int jobs, long seed) {
        MachineSpec preset = MachineSpecs.fromMap(c.machine(), "machine.");
        List<Cost> params = new ArrayList<>();
        for (Cost p : movable(preset)) {
            if (only.isEmpty() || only.contains(p.key)) {
                params.add(p);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        try {
            Future<Double> base = pool.submit(() -> c.value(preset, seed));
            List<Future<Double>> lo = new ArrayList<>();
            List<Future<Double>> hi = new ArrayList<>();
            for (Cost p : params) {
                CostRange r = preset.costs().range(p);
                lo.add(pool.submit(() -> c.value(with(c.machine(), Map.of(p, r.lo())), seed)));
                hi.add(pool.submit(() -> c.value(with(c.machine(), Map.of(p, r.hi())), seed)));
            }
            List<Oat> oat = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                oat.add(new Oat(params.get(i).key, preset.costs().range(params.get(i)), lo.get(i).get(), hi.get(i).get()));
            }
            List<Morris> morris = trajectories > 0 && params.size() > 1 ? morris(c, preset, params, trajectories, pool, seed) : List.of();
            return new Result(c, base.get(), oat, morris);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Morris (1991) trajectories: from a random grid point, each parameter in random order steps by 2/3 of its range. */
    private static List<Morris> morris(Case c, MachineSpec preset, List<Cost> params, int r, ExecutorService pool, long seed)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        int k = params.size();
        double delta = 2.0 / 3;
        Random rnd = new Random(seed * 7919 + k);
        List<double[]> effects = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            effects.add(new double[r]);
        }
        for (int t = 0; t < r; t++) {
            double[] x = new double[k];
            for (int i = 0; i < k; i++) {
                x[i] = rnd.nextBoolean() ? 0 : 1.0 / 3;
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, rnd);
            List<double[]> points = new ArrayList<>();
            points.add(x.clone());
            for (int i : order) {
                x[i] += delta;
                points.add(x.clone());
            }
            List<Future<Double>> f = new ArrayList<>();
            for (double[] pt : points) {
                Map<Cost, Double> values = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    values.put(params.get(i), preset.costs().range(params.get(i)).at(pt[i]));
                }
                f.add(pool.submit(() -> c.value(with(c.machine(), values), seed)));
            }
            for (int s = 0; s < k; s++) {
                effects.get(order.get(s))[t] = (f.get(s + 1).get() - f.get(s).get()) / delta;
            }
        }
        List<Morris> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double[] e = effects.get(i);
            double mean = 0;
            double abs = 0;
            for (double v : e) {
                mean += v / r;
                abs += Math.abs(v) / r;
            }
            double var = 0;
            for (double v : e) {
                var += (v - mean) * (v - mean) / Math.max(1, r - 1);
            }
            out.add(new Morris(params.get(i).key, abs, Math.sqrt(var)));
        }
        return out;
    }

    /** The case's table: parameters by band, widest first, with the Morris screening beside. */
    public static String markdown(Result res) {
        StringBuilder md = new StringBuilder();
        Case c = res.c();
        md.append(String.format(Locale.ROOT, "## %s (%s)%n%n", c.label(), c.machineName()));
        md.append(Double.isNaN(c.published())
                ? String.format(Locale.ROOT, "Emulated %.4g; band over the parameter ranges (one at a time) %.4g to %.4g.%n", res.baseline(), res.low(), res.high())
                : String.format(Locale.ROOT, "Emulated %+.1f %%, published %+.2f %%; band over the parameter ranges (one at a time) %+.1f %% to %+.1f %%.%n",
                        res.baseline(), c.published(), res.low(), res.high()));
        if (res.spansPublishedAndOppositeSign()) {
            md.append("**The band spans both the published value and the opposite sign: this number is not determined by the documented ranges.**\n");
        }
        md.append("\n| parameter | range | at low | at high | band | Morris mu* | Morris sigma |\n|---|---|---|---|---|---|---|\n");
        Map<String, Morris> m = new LinkedHashMap<>();
        res.morris().forEach(x -> m.put(x.param(), x));
        res.oat().stream().sorted((a, b) -> Double.compare(b.band(), a.band())).forEach(o -> {
            Morris mo = m.get(o.param());
            md.append(String.format(Locale.ROOT, "| %s | %s - %s | %+.1f | %+.1f | %.1f | %s | %s |%n", o.param(), num(o.range().lo()), num(o.range().hi()),
                    o.atLow(), o.atHigh(), o.band(), mo == null ? "" : String.format(Locale.ROOT, "%.1f", mo.muStar()),
                    mo == null ? "" : String.format(Locale.ROOT, "%.1f", mo.sigma())));
        });
        return md.toString();
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
