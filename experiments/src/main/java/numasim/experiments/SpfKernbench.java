package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import numasim.kernel.KernelFeatures;
import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.MetricsJson;
import numasim.results.Stats;
import numasim.results.Summary;
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
public final class SpfKernbench implements Reproduction {
    record Case(String publishedMachine, String preset) {
    }

    static final List<Case> CASES = List.of(new Case("x86 KVM guest", "x86-kvm-16"), new Case("POWER8", "power8-80"));
    private static final String[] METRICS = {"elapsed_s", "user_s", "system_s", "percent_cpu", "context_switches", "sleeps"};

    private final boolean full;

    public SpfKernbench(boolean full) {
        this.full = full;
    }

    @Override
    public String name() {
        return "spf-kernbench";
    }

    @Override
    public List<String> presets() {
        return CASES.stream().map(Case::preset).toList();
    }

    @Override
    public String summary() {
        return "SPF v11 cover letter: kernbench -M BASE vs SPF on x86-kvm-16 and power8-80 (reduced tree by default, --full for the whole one)";
    }

    private record Run(Case c, String kernel, WorkloadRun.Outcome outcome) {
        @SuppressWarnings("unchecked")
        List<Double> values(String load, String metric) {
            Map<String, Object> l = (Map<String, Object>) outcome.record().result().get(load);
            return (List<Double>) l.get(metric);
        }

        double counter(String name) {
            return outcome.record().counter(name);
        }
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        int runs = o.replications();
        List<Supplier<Run>> jobs = new ArrayList<>();
        for (Case c : CASES) {
            MachineSpec spec = MachineSpecs.load(c.preset());
            BuildProfile prof = BuildProfile.load(c.preset());
            String buildJobs = String.valueOf(full ? prof.jobs() : o.quick() ? Math.max(prof.reducedJobs() / 8, 1) : prof.reducedJobs());
            for (String kernel : List.of("base", "spf")) {
                jobs.add(() -> new Run(c, kernel, WorkloadRun.run(spec, KernelFeatures.parse(kernel), Workloads.byName("kernbench"),
                        List.of("-n", String.valueOf(runs), "-M"), Map.of("jobs", buildJobs), 1)));
            }
        }
        List<Run> results = Runner.all(jobs, o.jobs());
        for (Run r : results) {
            MetricsJson.write(out.resolve("runs").resolve(r.c().preset() + "-" + r.kernel() + ".json"), r.outcome().record());
        }
        Published table = Published.load("spf-kernbench.csv");
        Published counters = Published.load("spf-perf-counters.csv");
        Summary summary = new Summary(name());
        summary.info("published", table.comments());
        int jobsUsed = (Integer) results.get(0).outcome().record().result().get("jobs_per_build");
        summary.info("emulated", String.format(Locale.ROOT, "kernbench -n %d -M per machine and kernel; %s", runs,
                full ? "the full tree" : "a reduced tree (" + jobsUsed + " jobs on x86; see each run's jobs_per_build), deltas compared directly, elapsed also extrapolated to the full tree"));
        List<Map<String, Object>> calibrated = Calibration.of(CASES.stream().map(Case::preset).toList());
        summary.info("calibrated", calibrated);
        MarkdownTable main = new MarkdownTable("machine", "load", "metric", "BASE published", "SPF published", "delta published",
                "BASE emulated", "SPF emulated", "delta emulated", "within tolerance");
        MarkdownTable perf = new MarkdownTable("machine", "counter", "published (10 builds)", "emulated (per build)");
        List<Charts.Bar> bars = new ArrayList<>();
        for (Case c : CASES) {
            Run base = results.stream().filter(r -> r.c() == c && r.kernel().equals("base")).findFirst().orElseThrow();
            Run spf = results.stream().filter(r -> r.c() == c && r.kernel().equals("spf")).findFirst().orElseThrow();
            for (String load : List.of("half", "optimal")) {
                for (String metric : METRICS) {
                    Map<String, String> pub = table.rows().stream().filter(r -> r.get("machine").equals(c.publishedMachine())
                            && r.get("load").equals(load) && r.get("metric").equals(metric)).findFirst().orElseThrow();
                    double pubBase = Published.num(pub, "base_mean");
                    double pubSpf = Published.num(pub, "spf_mean");
                    double pubDelta = Published.num(pub, "delta_pct");
                    double[] b = base.values(load, metric).stream().mapToDouble(Double::doubleValue).toArray();
                    double[] s = spf.values(load, metric).stream().mapToDouble(Double::doubleValue).toArray();
                    double[] d = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                        d[i] = b[i] == 0 ? 0 : 100 * (s[i] - b[i]) / b[i];
                    }
                    Stats bs = Stats.of(b);
                    Stats ss = Stats.of(s);
                    Stats ds = Stats.of(d);
                    String id = c.preset() + "/" + load + "/" + metric;
                    summary.add(new SummaryRow(id + "/delta", "delta_pct", pubDelta, ds.mean(), "%", ds.ci95()));
                    String tol = metric.equals("elapsed_s") ? (Math.abs(ds.mean() - pubDelta) < 1.5 ? "yes (< 1.5 pts)" : "no (>= 1.5 pts)")
                            : metric.equals("system_s") ? (Math.abs(ds.mean() - pubDelta) < 2 ? "yes (< 2 pts)" : "no (>= 2 pts)") : "";
                    main.row(c.publishedMachine(), load, metric, SpfEbizzy.fmt(pubBase), SpfEbizzy.fmt(pubSpf),
                            String.format(Locale.ROOT, "%+.2f %%", pubDelta), SpfEbizzy.pm(bs, "%.1f"), SpfEbizzy.pm(ss, "%.1f"),
                            SpfEbizzy.pm(ds, "%+.2f") + " %", tol);
                    if (metric.equals("elapsed_s") || metric.equals("system_s")) {
                        bars.add(new Charts.Bar(c.preset() + " " + load + " " + (metric.equals("elapsed_s") ? "elapsed" : "system"), pubDelta, ds.mean(), ds.ci95()));
                    }
                    if (metric.equals("elapsed_s")) {
                        double[] est = base.values(load, "elapsed_full_tree_estimate_s").stream().mapToDouble(Double::doubleValue).toArray();
                        Stats es = Stats.of(est);
                        summary.add(new SummaryRow(c.preset() + "/" + load + "/elapsed_full_tree_s/base", "elapsed_s", pubBase, es.mean(), "s", es.ci95()));
                        main.row(c.publishedMachine(), load, "elapsed, full tree", SpfEbizzy.fmt(pubBase), "", "", SpfEbizzy.pm(es, "%.1f"), "",
                                String.format(Locale.ROOT, "%+.1f %% off", 100 * (es.mean() - pubBase) / pubBase),
                                Math.abs(es.mean() - pubBase) / pubBase <= 0.25 ? "yes (within 25 %)" : "no (beyond 25 %)");
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
                double em = spf.counter(pk[1]) / builds;
                summary.add(new SummaryRow(c.preset() + "/counters/" + counter, "count_per_build", Published.num(pc, counter) / 10, em, "events", Double.NaN));
                perf.row(c.publishedMachine(), counter, SpfEbizzy.fmt(Published.num(pc, counter)), SpfEbizzy.fmt(Math.round(em)));
            }
        }
        Files.createDirectories(out);
        summary.writeJson(out.resolve("summary.json"));
        summary.writeCsv(out.resolve("table.csv"));
        Charts.publishedVsEmulated("SPF v11, kernbench -M: change with SPF, published vs emulated", "% change SPF vs BASE", bars, out.resolve("spf-kernbench.png"));
        StringBuilder md = new StringBuilder("# spf-kernbench: kernbench -M, BASE vs SPF\n\n");
        md.append(String.format(Locale.ROOT, "Published: SPF v11 cover letter, 5 builds per load, mean (sample sd). Emulated: %d builds per load and kernel%s; mean ± 95 %% CI half-width over builds.%n%n",
                runs, full ? " of the full tree" : " of a reduced tree (each job with the full per-job profile); \"elapsed, full tree\" extrapolates the parallel part to all jobs"));
        md.append(main.render()).append('\n');
        md.append("Speculative-fault counters of the SPF builds (published: perf stat over the 10 builds of kernbench -M; emulated: per build; ");
        md.append("the published faults are for the full tree):\n\n").append(perf.render()).append('\n');
        md.append("Parameters fitted to published tables (everything else is a physical parameter of the preset or the build profile):\n\n");
        md.append(Calibration.markdown(calibrated));
        md.append("\nBuild profiles (`workloads/src/main/resources/profiles/`) are fitted to this table's User column and to the published fault counts.\n");
        md.append("\n![published vs emulated](spf-kernbench.png)\n");
        Files.writeString(out.resolve("table.md"), md.toString());
        log.print(md);
        log.flush();
    }
}
