package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.Stats;
import numasim.results.SummaryRow;
import numasim.sim.Event;
import numasim.topology.MachineSpecs;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;

/**
 * The SPF v11 cover letter's ebizzy table: {@code ebizzy -mTt <cpus>} records/s on the x86 KVM guest and
 * the POWER8 node, BASE against SPF, with the perf counters of the SPF runs.
 */
public final class SpfEbizzy extends NamedReproduction {
    /** A published machine and the preset that emulates it. */
    record Case(String publishedMachine, String preset, int cpus) {
    }

    static final List<Case> CASES = List.of(new Case("x86 KVM guest", "x86-kvm-16", 16), new Case("POWER8 node", "power8-80", 80));

    private static double counter(WorkloadRun.Outcome o, Event e) {
        return o.record().counter(e.key());
    }

    /** The published delta must be met within this many points. */
    static final Tolerance DELTA = Tolerance.points(15);

    public SpfEbizzy() {
        super("spf-ebizzy", "SPF v11 cover letter: ebizzy -mTt <cpus> BASE vs SPF on x86-kvm-16 and power8-80, with perf counters", CASES.stream().map(Case::preset).toList());
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        int reps = o.replications();
        double seconds = o.seconds();
        EbizzyRuns runs = EbizzyRuns.run(CASES.stream().map(c -> new EbizzyRuns.Machine(c.preset(), MachineSpecs.load(c.preset()),
                List.of("-mTt", String.valueOf(c.cpus()), "-S", String.valueOf((int) seconds)))).toList(), o, out);

        Published table = Published.load("spf-ebizzy.csv");
        Published counters = Published.load("spf-perf-counters.csv");
        ReportWriter w = new ReportWriter(name(), "ebizzy -mTt <cpus>, BASE vs SPF", out);
        w.info("published", table.comments());
        w.info("emulated", String.format(Locale.ROOT, "%d replications of ebizzy -mTt <cpus> -S %d per machine and kernel (published: mean of 100 runs of 10 s)",
                reps, (int) seconds));
        w.calibrated(CASES.stream().map(Case::preset).toList());

        MarkdownTable main = new MarkdownTable("machine", "BASE published", "BASE emulated", "SPF published", "SPF emulated",
                "delta published", "delta emulated", "within 15 pts");
        MarkdownTable perf = new MarkdownTable("machine", "counter", "published", "published % of faults", "emulated (per 10 s)",
                "emulated % of faults");
        List<Charts.Bar> bars = new ArrayList<>();
        List<Charts.Bar> shares = new ArrayList<>();
        for (Case c : CASES) {
            Map<String, String> pub = table.row("machine", c.publishedMachine());
            double pubBase = Published.num(pub, "base_records_per_s");
            double pubSpf = Published.num(pub, "spf_records_per_s");
            double pubDelta = Published.num(pub, "delta_pct");
            double[] base = runs.records(c.preset(), "base");
            List<WorkloadRun.Outcome> spfRuns = runs.of(c.preset(), "spf");
            double[] spf = runs.records(c.preset(), "spf");
            double[] delta = runs.delta(c.preset());
            Stats b = Stats.of(base);
            Stats s = Stats.of(spf);
            Stats d = Stats.of(delta);
            String id = c.preset();
            w.row(new SummaryRow(id + "/base", "records_per_s", pubBase, b.mean(), "records/s", b.ci95()));
            w.row(new SummaryRow(id + "/spf", "records_per_s", pubSpf, s.mean(), "records/s", s.ci95()));
            w.row(new SummaryRow(id + "/delta", "delta_pct", pubDelta, d.mean(), "%", d.ci95()));
            main.row(c.publishedMachine() + " (" + c.preset() + ")", fmt(pubBase), pm(b, "%.0f"), fmt(pubSpf), pm(s, "%.0f"),
                    String.format(Locale.ROOT, "%+.2f %%", pubDelta), pm(d, "%+.1f") + " %", DELTA.verdict(d.mean(), pubDelta));
            bars.add(new Charts.Bar(c.preset(), pubDelta, d.mean(), d.ci95()));

            Map<String, String> pc = counters.row("workload", "ebizzy -mTt " + c.cpus());
            double pubFaults = Published.num(pc, FaultEvent.FAULTS.key());
            double scale = 10.0 / seconds;
            double[] faults = spfRuns.stream().mapToDouble(r -> counter(r, FaultEvent.FAULTS)).toArray();
            double[] share = spfRuns.stream().mapToDouble(r -> EbizzyRuns.shareOfFaults(r, SpfEvent.SPF.key())).toArray();
            Stats sh = Stats.of(share);
            double pubShare = 100 * Published.num(pc, SpfEvent.SPF.perfName()) / pubFaults;
            w.row(new SummaryRow(id + "/spf_share", "spf_share_of_faults_pct", pubShare, sh.mean(), "%", sh.ci95()));
            shares.add(new Charts.Bar(c.preset(), pubShare, sh.mean(), sh.ci95()));
            perf.row(c.publishedMachine(), FaultEvent.FAULTS.key(), fmt(pubFaults), "100", pm(Stats.of(scaled(faults, scale)), "%.0f"), "100");
            for (SpfEvent e : SpfEvent.PERF) {
                String counter = e.perfName();
                double[] v = spfRuns.stream().mapToDouble(r -> counter(r, e)).toArray();
                double[] pct = spfRuns.stream().mapToDouble(r -> EbizzyRuns.shareOfFaults(r, e.key())).toArray();
                double pubV = Published.num(pc, counter);
                Stats vs = Stats.of(scaled(v, scale));
                Stats ps = Stats.of(pct);
                w.row(new SummaryRow(id + "/counters/" + counter, "count_per_10s", pubV, vs.mean(), "events", vs.ci95()));
                perf.row(c.publishedMachine(), counter, fmt(pubV), String.format(Locale.ROOT, "%.2f", 100 * pubV / pubFaults),
                        pm(vs, "%.0f"), String.format(Locale.ROOT, "%.2f", ps.mean()));
            }
            String dominant = dominantReason(spfRuns);
            w.row(new SummaryRow(id + "/dominant_abort", "dominant_abort_is_spf_vma_changed",
                    1, dominant.equals(SpfEvent.VMA_CHANGED.perfName()) ? 1 : 0, "bool", Double.NaN));
        }
        // a throughput gain and a share of faults are different quantities: one panel each
        Charts.publishedVsEmulated("SPF v11, ebizzy -mTt <cpus>: published vs emulated", List.of(
                new Charts.BarPanel("records/s gain with SPF", "gain over BASE (%)", bars),
                new Charts.BarPanel("faults handled speculatively", "share of page faults (%)", shares)), w.file("spf-ebizzy.png"));
        w.text(String.format(Locale.ROOT, "Published: SPF v11 cover letter, mean of 100 runs of 10 s. Emulated: %d replications of %d s per machine and kernel, mean ± 95 %% CI half-width.%n%n",
                reps, (int) seconds));
        w.text("records/s:\n\n").table(main);
        w.text("perf counters of the SPF runs (emulated counts scaled to a 10 s run):\n\n").table(perf);
        w.fittedParameters();
        w.text("\n").image("published vs emulated", "spf-ebizzy.png");
        w.write(log);
    }

    private static String dominantReason(List<WorkloadRun.Outcome> runs) {
        String best = "";
        double max = -1;
        for (SpfEvent r : SpfEvent.ABORTS) {
            double v = runs.stream().mapToDouble(x -> counter(x, r)).sum();
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
        if (s.sd() == 0) {
            return mean + " (" + s.n() + " runs equal)"; // deterministic here: an interval of 0 would claim a precision the runs do not test
        }
        return mean + " ± " + String.format(Locale.ROOT, f.replace("+", ""), s.ci95());
    }
}
