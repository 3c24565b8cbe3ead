package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.Stats;
import numasim.results.SummaryRow;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;

/**
 * A transfer check: {@code ebizzy -mTRp} as three earlier SPF cover letters (v2, v6, v10) ran it on the same
 * two machines as spf-ebizzy. Nothing was fitted to these columns; the presets run as they are, except that
 * the x86 guest's host is the idle one of that period (host_load 0, as the microbenchmarks measure it),
 * because the same letters' kernbench shows the guest running at full speed.
 */
public final class SpfEbizzyMtrp extends NamedReproduction {
    /** A published machine, its id here and the machine that emulates it. */
    record Case(String publishedMachine, String id, String preset, boolean idleHost) {
        MachineSpec spec() {
            if (!idleHost) {
                return MachineSpecs.load(preset);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("inherit", preset);
            doc.put("name", id);
            doc.put("costs", Map.of("host_load", Map.of("value", 0, "source",
                    "machines.md: the SPF v2-v10 cover letters' kernbench on this guest ran at full speed (user 1,000-1,080 s at -j 8; 10,135 s in v11)")));
            return MachineSpecs.fromMap(doc, "spf-ebizzy-mtrp: machine.");
        }
    }

    static final List<Case> CASES = List.of(new Case("x86 KVM guest", "x86-kvm-16-idle-host", "x86-kvm-16", true),
            new Case("POWER8 node", "power8-80", "power8-80", false));

    public SpfEbizzyMtrp() {
        super("spf-ebizzy-mtrp", "transfer check, nothing fitted: ebizzy -mTRp of the SPF v2/v6/v10 cover letters on x86-kvm-16 (idle host) and power8-80",
                CASES.stream().map(Case::preset).toList());
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        int reps = o.replications();
        double seconds = o.seconds();
        EbizzyRuns runs = EbizzyRuns.run(CASES.stream()
                .map(c -> new EbizzyRuns.Machine(c.id(), c.spec(), List.of("-mTRp", "-S", String.valueOf((int) seconds)))).toList(), o, out);

        Published table = Published.load("spf-ebizzy-mtrp.csv");
        Published counters = Published.load("spf-ebizzy-mtrp-counters.csv");
        ReportWriter w = new ReportWriter(name(), "ebizzy -mTRp, BASE vs SPF, a published case no parameter was fitted to", out);
        w.info("published", table.comments());
        w.info("emulated", String.format(Locale.ROOT, "%d replications of ebizzy -mTRp -S %d per machine and kernel (published: mean of 100 runs of 10 s)",
                reps, (int) seconds));
        w.calibrated(CASES.stream().map(Case::preset).toList());

        MarkdownTable main = new MarkdownTable("machine", "kernel", "published v2", "published v6", "published v10", "emulated",
                "emulated / v10");
        MarkdownTable gains = new MarkdownTable("machine", "gain published v6", "gain published v10", "gain emulated");
        MarkdownTable perf = new MarkdownTable("machine", "counter", "published (v10)", "published % of faults", "emulated % of faults");
        List<Charts.Bar> baseBars = new ArrayList<>();
        List<Charts.Bar> spfBars = new ArrayList<>();
        List<Charts.Bar> gainBars = new ArrayList<>();
        for (Case c : CASES) {
            Map<String, Map<String, String>> pub = new LinkedHashMap<>();
            for (Map<String, String> r : table.rows()) {
                if (r.get("machine").equals(c.publishedMachine())) {
                    pub.put(r.get("version"), r);
                }
            }
            double[] base = runs.records(c.id(), "base");
            List<WorkloadRun.Outcome> spfRuns = runs.of(c.id(), "spf");
            double[] spf = runs.records(c.id(), "spf");
            double[] delta = runs.delta(c.id());
            Stats b = Stats.of(base);
            Stats s = Stats.of(spf);
            Stats d = Stats.of(delta);
            double pubBase = Published.num(pub.get("v10"), "base_records_per_s");
            double pubSpf = Published.num(pub.get("v10"), "spf_records_per_s");
            double pubDelta = Published.num(pub.get("v10"), "delta_pct");
            w.row(new SummaryRow(c.id() + "/base", "records_per_s", pubBase, b.mean(), "records/s", b.ci95()));
            w.row(new SummaryRow(c.id() + "/spf", "records_per_s", pubSpf, s.mean(), "records/s", s.ci95()));
            w.row(new SummaryRow(c.id() + "/delta", "delta_pct", pubDelta, d.mean(), "%", d.ci95()));
            String label = c.publishedMachine() + " (`" + c.id() + "`)";
            main.row(label, "BASE", cell(pub, "v2", "base_records_per_s"), cell(pub, "v6", "base_records_per_s"), cell(pub, "v10", "base_records_per_s"),
                    SpfEbizzy.pm(b, "%.0f"), String.format(Locale.ROOT, "%.2f", b.mean() / pubBase));
            main.row(label, "SPF", cell(pub, "v2", "spf_records_per_s") + " (SRCU)", cell(pub, "v6", "spf_records_per_s"), cell(pub, "v10", "spf_records_per_s"),
                    SpfEbizzy.pm(s, "%.0f"), String.format(Locale.ROOT, "%.2f", s.mean() / pubSpf));
            gains.row(label, String.format(Locale.ROOT, "%+.1f %%", Published.num(pub.get("v6"), "delta_pct")),
                    String.format(Locale.ROOT, "%+.1f %%", pubDelta), SpfEbizzy.pm(d, "%+.1f") + " %");
            baseBars.add(new Charts.Bar(c.id(), pubBase, b.mean(), b.ci95()));
            spfBars.add(new Charts.Bar(c.id(), pubSpf, s.mean(), s.ci95()));
            gainBars.add(new Charts.Bar(c.id(), pubDelta, d.mean(), d.ci95()));

            Map<String, String> pc = counters.row("machine", c.publishedMachine());
            double pubFaults = Published.num(pc, FaultEvent.FAULTS.key());
            double[] share = spfRuns.stream().mapToDouble(r -> EbizzyRuns.shareOfFaults(r, SpfEvent.SPF.key())).toArray();
            Stats sh = Stats.of(share);
            double pubShare = 100 * Published.num(pc, SpfEvent.SPF.perfName()) / pubFaults;
            w.row(new SummaryRow(c.id() + "/spf_share", "spf_share_of_faults_pct", pubShare, sh.mean(), "%", sh.ci95()));
            for (String counter : pc.keySet()) {
                if (counter.equals("machine") || counter.equals(FaultEvent.FAULTS.key())) {
                    continue;
                }
                SpfEvent e = SpfEvent.PERF.stream().filter(x -> x.perfName().equals(counter)).findFirst().orElse(null);
                String emulated = "not modelled (v11 has no such event)";
                if (e != null) {
                    double[] pct = spfRuns.stream().mapToDouble(r -> EbizzyRuns.shareOfFaults(r, e.key())).toArray();
                    emulated = String.format(Locale.ROOT, "%.2f", Stats.of(pct).mean());
                }
                perf.row(c.publishedMachine(), counter, SpfEbizzy.fmt(Published.num(pc, counter)),
                        String.format(Locale.ROOT, "%.2f", 100 * Published.num(pc, counter) / pubFaults), emulated);
            }
        }
        Charts.publishedVsEmulated("ebizzy -mTRp (SPF v10 cover letter): published vs emulated, nothing fitted", List.of(
                new Charts.BarPanel("BASE", "records/s", baseBars),
                new Charts.BarPanel("SPF", "records/s", spfBars),
                new Charts.BarPanel("gain with SPF", "gain over BASE (%)", gainBars)), w.file("spf-ebizzy-mtrp.png"));
        w.text(String.format(Locale.ROOT, "Published: SPF v2, v6 and v10 cover letters, mean of 100 runs of 10 s each. Emulated: %d replications of %d s per machine and kernel, mean ± 95 %% CI half-width. "
                + "No parameter was fitted to this table; the x86 guest runs on an idle host (host_load 0), as the same letters' kernbench ran at full speed. "
                + "v2's SPF walked the VMA list under SRCU, not the model's (v6-v11) mm_rb rwlock.%n%n", reps, (int) seconds));
        w.text("records/s:\n\n").table(main);
        w.text("gain with SPF:\n\n").table(gains);
        w.text("perf counters of the SPF run (v10):\n\n").table(perf);
        w.fittedParameters();
        w.text("\n").image("published vs emulated", "spf-ebizzy-mtrp.png");
        w.write(log);
    }

    private static String cell(Map<String, Map<String, String>> pub, String version, String column) {
        Map<String, String> r = pub.get(version);
        return r == null ? "" : SpfEbizzy.fmt(Published.num(r, column));
    }
}
