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
    /** A number to study: the SPF-over-BASE change of a workload's metric on one preset. */
    public record Case(String label, String machine, String workload, List<String> args, String metric, double published) {
        double value(MachineSpec m, long seed) {
            double base = run(m, "base", seed);
            double spf = run(m, "spf", seed);
            return (spf - base) / base * 100;
        }

        private double run(MachineSpec m, String kernel, long seed) {
            WorkloadRun.Outcome o = WorkloadRun.run(m, KernelFeatures.parse(kernel), Workloads.byName(workload), args, Map.of(), seed);
            return ((Number) o.record().result().get(metric)).doubleValue();
        }
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
            return low() <= p && p <= high() && (p > 0 ? low() < 0 : high() > 0);
        }
    }

    /** spf-ebizzy's two numbers: the SPF gain in records/s on the x86 guest and on POWER8. */
    public static List<Case> cases(String reproduction, boolean quick) {
        if (!reproduction.equals("spf-ebizzy")) {
            throw new numasim.topology.ConfigException("sensitivity", "no sensitivity cases for '" + reproduction + "' (available: spf-ebizzy)");
        }
        String s = quick ? "1" : "2";
        return List.of(new Case("x86 KVM guest, SPF gain %", "x86-kvm-16", "ebizzy", List.of("-mTt", "16", "-S", s), "records_per_s", 100.69),
                new Case("POWER8 node, SPF gain %", "power8-80", "ebizzy", List.of("-mTt", "80", "-S", s), "records_per_s", 84.46));
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

    /** {@code machine} with each cost of {@code values} set (in the parameter's unit). */
    static MachineSpec with(String machine, Map<Cost, Double> values) {
        Map<String, Object> costs = new LinkedHashMap<>();
        values.forEach((c, v) -> {
            double x = c.unit == Cost.Unit.COUNT ? Math.rint(v) : v; // entries, rates: whole numbers
            costs.put(c.key, Map.of("value", x, "source", "sensitivity"));
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("inherit", machine);
        doc.put("costs", costs);
        return MachineSpecs.fromMap(doc, "machine.");
    }

    /**
     * One case: the baseline, each parameter at each end of its range, and {@code trajectories} Morris
     * trajectories (0: none) on a 4-level grid, run on {@code jobs} threads.
     */
    public static Result study(Case c, List<String> only, int trajectories, int jobs, long seed) {
        MachineSpec preset = MachineSpecs.load(c.machine());
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
        md.append(String.format(Locale.ROOT, "## %s (%s: %s %s)%n%n", c.label(), c.machine(), c.workload(), String.join(" ", c.args())));
        md.append(String.format(Locale.ROOT, "Emulated %+.1f %%, published %+.2f %%; band over the parameter ranges (one at a time) %+.1f %% to %+.1f %%.%n",
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
