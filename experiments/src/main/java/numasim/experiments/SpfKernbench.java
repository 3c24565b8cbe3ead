package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.kernel.KernelFeatures;
import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.MetricsJson;
import numasim.results.Stats;
import numasim.results.SummaryRow;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;
import numasim.workloads.Workloads;
import numasim.workloads.kernbench.BuildProfile;

/**
 * The SPF v11 cover letter's kernbench table: {@code kernbench -M} (half and optimal loads) on the x86
 * guest and the POWER8 node, BASE against SPF, and the speculative-fault counters of those builds.
 * By default each build is a reduced tree (fewer compile jobs, each with the full per-job profile); the
 * deltas are compared directly and the elapsed time is also extrapolated to the full tree.
 */
public final class SpfKernbench extends NamedReproduction {
    record Case(String publishedMachine, String preset) {
    }

    static final List<Case> CASES = List.of(new Case("x86 KVM guest", "x86-kvm-16"), new Case("POWER8", "power8-80"));
    private static final String[] METRICS = {"elapsed_s", "user_s", "system_s", "percent_cpu", "context_switches", "sleeps"};

    private final boolean full;

    public SpfKernbench(boolean full) {
        super("spf-kernbench", "SPF v11 cover letter: kernbench -M BASE vs SPF on x86-kvm-16 and power8-80 (reduced tree by default, --full for the whole one)", CASES.stream().map(Case::preset).toList());
        this.full = full;
    }

    /** A build run: a machine and a kernel. */
    private record Key(Case c, String kernel) {
    }

    /** The builds' values of {@code metric} under {@code load} (kernbench's half/optimal/maximal). */
    @SuppressWarnings("unchecked")
    private static List<Double> values(WorkloadRun.Outcome o, String load, String metric) {
        Map<String, Object> l = (Map<String, Object>) o.record().result().get(load);
        return (List<Double>) l.get(metric);
    }

    /** Elapsed time within 1.5 points of the published delta, System time within 2, full-tree BASE within 25 %. */
    static final Tolerance ELAPSED = Tolerance.pointsBelow(1.5);
    static final Tolerance SYSTEM = Tolerance.pointsBelow(2);
    static final Tolerance FULL_TREE = Tolerance.relative(0.25);

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        int runs = o.replications();
        RunPlan<Key, WorkloadRun.Outcome> plan = new RunPlan<>();
        for (Case c : CASES) {
            MachineSpec spec = MachineSpecs.load(c.preset());
            BuildProfile prof = BuildProfile.load(c.preset());
            String buildJobs = String.valueOf(full ? prof.jobs() : o.quick() ? Math.max(prof.reducedJobs() / 8, 1) : prof.reducedJobs());
            for (String kernel : List.of("base", "spf")) {
                plan.add(new Key(c, kernel), c.preset() + "-" + kernel + ".json", () -> WorkloadRun.run(spec, KernelFeatures.parse(kernel),
                        Workloads.byName("kernbench"), List.of("-n", String.valueOf(runs), "-M"), Map.of("jobs", buildJobs), 1));
            }
        }
        RunPlan.Results<Key, WorkloadRun.Outcome> results = plan.run(o.jobs(), out.resolve("runs"), (f, r) -> MetricsJson.write(f, r.record()));
        Published table = Published.load("spf-kernbench.csv");
        Published counters = Published.load("spf-perf-counters.csv");
        ReportWriter w = new ReportWriter(name(), "kernbench -M, BASE vs SPF", out);
        w.info("published", table.comments());
        int jobsUsed = (Integer) results.all().get(0).result().record().result().get("jobs_per_build");
        w.info("emulated", String.format(Locale.ROOT, "kernbench -n %d -M per machine and kernel; %s", runs,
                full ? "the full tree" : "a reduced tree (" + jobsUsed + " jobs on x86; see each run's jobs_per_build), deltas compared directly, elapsed also extrapolated to the full tree"));
        w.calibrated(CASES.stream().map(Case::preset).toList());
        MarkdownTable main = new MarkdownTable("machine", "load", "metric", "BASE published", "SPF published", "delta published",
                "BASE emulated", "SPF emulated", "delta emulated", "within tolerance");
        MarkdownTable perf = new MarkdownTable("machine", "counter", "published (10 builds)", "emulated (per build)");
        List<Charts.Bar> bars = new ArrayList<>();
        for (Case c : CASES) {
            WorkloadRun.Outcome base = results.one(k -> k.c() == c && k.kernel().equals("base"));
            WorkloadRun.Outcome spf = results.one(k -> k.c() == c && k.kernel().equals("spf"));
            for (String load : List.of("half", "optimal")) {
                for (String metric : METRICS) {
                    Map<String, String> pub = table.rows().stream().filter(r -> r.get("machine").equals(c.publishedMachine())
                            && r.get("load").equals(load) && r.get("metric").equals(metric)).findFirst().orElseThrow();
                    double pubBase = Published.num(pub, "base_mean");
                    double pubSpf = Published.num(pub, "spf_mean");
                    double pubDelta = Published.num(pub, "delta_pct");
                    double[] b = values(base, load, metric).stream().mapToDouble(Double::doubleValue).toArray();
                    double[] s = values(spf, load, metric).stream().mapToDouble(Double::doubleValue).toArray();
                    double[] d = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                        d[i] = b[i] == 0 ? 0 : 100 * (s[i] - b[i]) / b[i];
                    }
                    Stats bs = Stats.of(b);
                    Stats ss = Stats.of(s);
                    Stats ds = Stats.of(d);
                    String id = c.preset() + "/" + load + "/" + metric;
                    w.row(new SummaryRow(id + "/delta", "delta_pct", pubDelta, ds.mean(), "%", ds.ci95()));
                    String tol = metric.equals("elapsed_s") ? ELAPSED.explained(ds.mean(), pubDelta)
                            : metric.equals("system_s") ? SYSTEM.explained(ds.mean(), pubDelta) : "";
                    main.row(c.publishedMachine(), load, metric, SpfEbizzy.fmt(pubBase), SpfEbizzy.fmt(pubSpf),
                            String.format(Locale.ROOT, "%+.2f %%", pubDelta), SpfEbizzy.pm(bs, "%.1f"), SpfEbizzy.pm(ss, "%.1f"),
                            SpfEbizzy.pm(ds, "%+.2f") + " %", tol);
                    if (metric.equals("elapsed_s") || metric.equals("system_s")) {
                        bars.add(new Charts.Bar(c.preset() + " " + load + " " + (metric.equals("elapsed_s") ? "elapsed" : "system"), pubDelta, ds.mean(), ds.ci95()));
                    }
                    if (metric.equals("elapsed_s")) {
                        double[] est = values(base, load, "elapsed_full_tree_estimate_s").stream().mapToDouble(Double::doubleValue).toArray();
                        Stats es = Stats.of(est);
                        w.row(new SummaryRow(c.preset() + "/" + load + "/elapsed_full_tree_s/base", "elapsed_s", pubBase, es.mean(), "s", es.ci95()));
                        main.row(c.publishedMachine(), load, "elapsed, full tree", SpfEbizzy.fmt(pubBase), "", "", SpfEbizzy.pm(es, "%.1f"), "",
                                String.format(Locale.ROOT, "%+.1f %% off", 100 * (es.mean() - pubBase) / pubBase),
                                o.quick() ? "not judged: --quick builds fewer, shorter jobs, so its absolute times cannot match"
                                        : FULL_TREE.explained(es.mean(), pubBase));
                    }
                }
            }
            Map<String, String> pc = counters.rows().stream().filter(r -> r.get("workload").equals("kernbench -M")
                    && r.get("machine").startsWith(c.publishedMachine())).findFirst().orElseThrow();
            double builds = 2.0 * runs;
            List<String[]> perfCounters = new ArrayList<>();
            perfCounters.add(new String[] {FaultEvent.FAULTS.key(), FaultEvent.FAULTS.key()});
            SpfEvent.PERF.forEach(e -> perfCounters.add(new String[] {e.perfName(), e.key()}));
            for (String[] pk : perfCounters) {
                String counter = pk[0];
                double em = spf.record().counter(pk[1]) / builds;
                w.row(new SummaryRow(c.preset() + "/counters/" + counter, "count_per_build", Published.num(pc, counter) / 10, em, "events", Double.NaN));
                perf.row(c.publishedMachine(), counter, SpfEbizzy.fmt(Published.num(pc, counter)), SpfEbizzy.fmt(Math.round(em)));
            }
        }
        Charts.publishedVsEmulated("SPF v11, kernbench -M: change with SPF, published vs emulated", "% change SPF vs BASE", bars, w.file("spf-kernbench.png"));
        w.text(String.format(Locale.ROOT, "Published: SPF v11 cover letter, 5 builds per load, mean (sample sd). Emulated: %d builds per load and kernel%s; mean ± 95 %% CI half-width over builds.%n%n",
                runs, full ? " of the full tree" : " of a reduced tree (each job with the full per-job profile); \"elapsed, full tree\" extrapolates the parallel part to all jobs"));
        w.table(main);
        w.text("Speculative-fault counters of the SPF builds (published: perf stat over the 10 builds of kernbench -M; emulated: per build; ");
        w.text("the published faults are for the full tree):\n\n").table(perf);
        w.text("Parameters fitted to published tables (everything else is a physical parameter of the preset or the build profile):\n\n");
        w.calibrationList();
        w.text("\nBuild profiles (`workloads/src/main/resources/profiles/`) are fitted to this table's User column and to the published fault counts.\n");
        w.text("\n").image("published vs emulated", "spf-kernbench.png");
        w.write(log);
    }
}
