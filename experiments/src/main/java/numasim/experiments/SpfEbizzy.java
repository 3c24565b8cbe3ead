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
import numasim.sim.Event;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;
import numasim.workloads.Workloads;

/**
 * The SPF v11 cover letter's ebizzy table: {@code ebizzy -mTt <cpus>} records/s on the x86 KVM guest and
 * the POWER8 node, BASE against SPF, with the perf counters of the SPF runs.
 */
public final class SpfEbizzy implements Reproduction {
    /** A published machine and the preset that emulates it. */
    record Case(String publishedMachine, String preset, int cpus) {
    }

    static final List<Case> CASES = List.of(new Case("x86 KVM guest", "x86-kvm-16", 16), new Case("POWER8 node", "power8-80", 80));

    @Override
    public String name() {
        return "spf-ebizzy";
    }

    @Override
    public List<String> presets() {
        return CASES.stream().map(Case::preset).toList();
    }

    @Override
    public String summary() {
        return "SPF v11 cover letter: ebizzy -mTt <cpus> BASE vs SPF on x86-kvm-16 and power8-80, with perf counters";
    }

    private record Run(Case c, String kernel, long seed, WorkloadRun.Outcome outcome) {
        double records() {
            return ((Number) outcome.record().result().get("records_per_s")).doubleValue();
        }

        double counter(Event e) {
            return outcome.record().counter(e.key());
        }
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        int reps = o.replications();
        double seconds = o.seconds();
        List<Supplier<Run>> jobs = new ArrayList<>();
        for (Case c : CASES) {
            MachineSpec spec = MachineSpecs.load(c.preset());
            for (String kernel : List.of("base", "spf")) {
                for (long seed = 1; seed <= reps; seed++) {
                    long s = seed;
                    List<String> args = List.of("-mTt", String.valueOf(c.cpus()), "-S", String.valueOf((int) seconds));
                    jobs.add(() -> new Run(c, kernel, s, WorkloadRun.run(spec, KernelFeatures.parse(kernel), Workloads.byName("ebizzy"),
                            args, Map.of(), s)));
                }
            }
        }
        List<Run> runs = Runner.all(jobs, o.jobs());
        Path runsDir = out.resolve("runs");
        for (Run r : runs) {
            MetricsJson.write(runsDir.resolve(r.c().preset() + "-" + r.kernel() + "-seed" + r.seed() + ".json"), r.outcome().record());
        }

        Published table = Published.load("spf-ebizzy.csv");
        Published counters = Published.load("spf-perf-counters.csv");
        Summary summary = new Summary(name());
        summary.info("published", table.comments());
        summary.info("emulated", String.format(Locale.ROOT, "%d replications of ebizzy -mTt <cpus> -S %d per machine and kernel (published: mean of 100 runs of 10 s)",
                reps, (int) seconds));
        List<Map<String, Object>> calibrated = Calibration.of(CASES.stream().map(Case::preset).toList());
        summary.info("calibrated", calibrated);

        MarkdownTable main = new MarkdownTable("machine", "BASE published", "BASE emulated", "SPF published", "SPF emulated",
                "delta published", "delta emulated", "within 15 pts");
        MarkdownTable perf = new MarkdownTable("machine", "counter", "published", "published % of faults", "emulated (per 10 s)",
                "emulated % of faults");
        List<Charts.Bar> bars = new ArrayList<>();
        for (Case c : CASES) {
            Map<String, String> pub = table.row("machine", c.publishedMachine());
            double pubBase = Published.num(pub, "base_records_per_s");
            double pubSpf = Published.num(pub, "spf_records_per_s");
            double pubDelta = Published.num(pub, "delta_pct");
            double[] base = runs.stream().filter(r -> r.c() == c && r.kernel().equals("base")).mapToDouble(Run::records).toArray();
            List<Run> spfRuns = runs.stream().filter(r -> r.c() == c && r.kernel().equals("spf")).toList();
            double[] spf = spfRuns.stream().mapToDouble(Run::records).toArray();
            double[] delta = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                delta[i] = 100 * (spf[i] - base[i]) / base[i];
            }
            Stats b = Stats.of(base);
            Stats s = Stats.of(spf);
            Stats d = Stats.of(delta);
            String id = c.preset();
            summary.add(new SummaryRow(id + "/base", "records_per_s", pubBase, b.mean(), "records/s", b.ci95()));
            summary.add(new SummaryRow(id + "/spf", "records_per_s", pubSpf, s.mean(), "records/s", s.ci95()));
            summary.add(new SummaryRow(id + "/delta", "delta_pct", pubDelta, d.mean(), "%", d.ci95()));
            main.row(c.publishedMachine() + " (" + c.preset() + ")", fmt(pubBase), pm(b, "%.0f"), fmt(pubSpf), pm(s, "%.0f"),
                    String.format(Locale.ROOT, "%+.2f %%", pubDelta), pm(d, "%+.1f") + " %",
                    Math.abs(d.mean() - pubDelta) <= 15 ? "yes" : "no");
            bars.add(new Charts.Bar(c.preset() + " SPF gain %", pubDelta, d.mean(), d.ci95()));

            Map<String, String> pc = counters.row("workload", "ebizzy -mTt " + c.cpus());
            double pubFaults = Published.num(pc, FaultEvent.FAULTS.key());
            double scale = 10.0 / seconds;
            double[] faults = spfRuns.stream().mapToDouble(r -> r.counter(FaultEvent.FAULTS)).toArray();
            double[] share = spfRuns.stream().mapToDouble(r -> 100 * r.counter(SpfEvent.SPF) / r.counter(FaultEvent.FAULTS)).toArray();
            Stats sh = Stats.of(share);
            double pubShare = 100 * Published.num(pc, SpfEvent.SPF.perfName()) / pubFaults;
            summary.add(new SummaryRow(id + "/spf_share", "spf_share_of_faults_pct", pubShare, sh.mean(), "%", sh.ci95()));
            bars.add(new Charts.Bar(c.preset() + " speculative %", pubShare, sh.mean(), sh.ci95()));
            perf.row(c.publishedMachine(), FaultEvent.FAULTS.key(), fmt(pubFaults), "100", pm(Stats.of(scaled(faults, scale)), "%.0f"), "100");
            for (SpfEvent e : SpfEvent.PERF) {
                String counter = e.perfName();
                double[] v = spfRuns.stream().mapToDouble(r -> r.counter(e)).toArray();
                double[] pct = spfRuns.stream().mapToDouble(r -> 100 * r.counter(e) / r.counter(FaultEvent.FAULTS)).toArray();
                double pubV = Published.num(pc, counter);
                Stats vs = Stats.of(scaled(v, scale));
                Stats ps = Stats.of(pct);
                summary.add(new SummaryRow(id + "/counters/" + counter, "count_per_10s", pubV, vs.mean(), "events", vs.ci95()));
                perf.row(c.publishedMachine(), counter, fmt(pubV), String.format(Locale.ROOT, "%.2f", 100 * pubV / pubFaults),
                        pm(vs, "%.0f"), String.format(Locale.ROOT, "%.2f", ps.mean()));
            }
            String dominant = dominantReason(spfRuns);
            summary.add(new SummaryRow(id + "/dominant_abort", "dominant_abort_is_spf_vma_changed",
                    1, dominant.equals(SpfEvent.VMA_CHANGED.perfName()) ? 1 : 0, "bool", Double.NaN));
        }
        Files.createDirectories(out);
        summary.writeJson(out.resolve("summary.json"));
        summary.writeCsv(out.resolve("table.csv"));
        Charts.publishedVsEmulated("SPF v11, ebizzy -mTt <cpus>: published vs emulated", "%", bars, out.resolve("spf-ebizzy.png"));
        StringBuilder md = new StringBuilder();
        md.append("# spf-ebizzy: ebizzy -mTt <cpus>, BASE vs SPF\n\n");
        md.append(String.format(Locale.ROOT, "Published: SPF v11 cover letter, mean of 100 runs of 10 s. Emulated: %d replications of %d s per machine and kernel, mean ± 95 %% CI half-width.%n%n",
                reps, (int) seconds));
        md.append("records/s:\n\n").append(main.render()).append('\n');
        md.append("perf counters of the SPF runs (emulated counts scaled to a 10 s run):\n\n").append(perf.render()).append('\n');
        md.append("Parameters fitted to published tables (everything else is a physical parameter of the preset):\n\n");
        md.append(Calibration.markdown(calibrated));
        md.append("\n![published vs emulated](spf-ebizzy.png)\n");
        Files.writeString(out.resolve("table.md"), md.toString());
        log.print(md);
        log.flush();
    }

    private static String dominantReason(List<Run> runs) {
        String best = "";
        double max = -1;
        for (SpfEvent r : SpfEvent.ABORTS) {
            double v = runs.stream().mapToDouble(x -> x.counter(r)).sum();
            if (v > max) {
                max = v;
                best = r.perfName();
            }
        }
        return best;
    }

    private static double[] scaled(double[] v, double f) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * f;
        }
        return o;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.2f", v);
    }

    static String pm(Stats s, String f) {
        String mean = String.format(Locale.ROOT, f, s.mean());
        if (Double.isNaN(s.ci95())) {
            return mean;
        }
        return mean + " ± " + String.format(Locale.ROOT, f.replace("+", ""), s.ci95());
    }
}
