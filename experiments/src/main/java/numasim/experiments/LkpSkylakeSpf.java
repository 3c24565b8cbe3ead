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
import numasim.results.SummaryRow;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.vm.SyscallEvent;
import numasim.workloads.Workloads;

/**
 * Intel LKP's will-it-scale comparison of the SPF v9 series against its base on lkp-skl-4sp1 (4-socket
 * Skylake, 192 CPUs), nr_task=100 %, THP enabled and disabled: 20 rows of per-thread or per-process
 * ops/s, base, change % and head, emulated on the skylake-4s-192 preset with the same parameters for
 * every row.
 */
public final class LkpSkylakeSpf extends NamedReproduction {
    static final String PRESET = "skylake-4s-192";
    /** Test cases that fault anonymous memory where a huge page fits: the only ones THP can change. */
    static final java.util.Set<String> THP_APPLIES = java.util.Set.of("page_fault1", "malloc1", "mmap1");
    /**
     * Measured samples per run (-s), after the harness's 5 + 1 warm-up samples: 5, and 10 for page_faultN
     * in thread mode, whose threads move in step through 2-4 s cycles of faulting and queueing on each
     * other's munmaps; ten samples span several cycles.
     */
    static int measured(Row r, boolean quick) {
        return !quick && r.testcase().startsWith("page_fault") && r.threads() ? 10 : 5;
    }

    /** One published row. */
    record Row(String thp, String testcase, String metric, double base, double changePct, double head) {
        boolean threads() {
            return metric.equals("per_thread_ops");
        }

        String id() {
            return "thp-" + thp + "/" + testcase + "/" + metric;
        }
    }

    /** A run: a published row and a kernel. */
    private record Key(Row row, String kernel) {
    }

    private static double ops(Row row, WorkloadRun.Outcome o) {
        return ((Number) o.record().result().get(row.metric())).doubleValue();
    }

    /** page_faultN: mmap-touch-munmap cycles per simulated second over the whole run (no sample phase). */
    private static double cyclesPerSecond(WorkloadRun.Outcome o) {
        return o.record().counter(SyscallEvent.MUNMAP.key()) / (((Number) o.record().simulation().get("simulated_ns")).doubleValue() / 1e9);
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : Published.load("lkp-skylake-4s-spf-v9.csv").rows()) {
            rows.add(new Row(r.get("thp"), r.get("testcase"), r.get("metric"), Published.num(r, "base"),
                    Published.num(r, "change_pct"), Published.num(r, "head")));
        }
        return rows;
    }

    /**
     * Length of one harness sample, chosen per test case so that a run stays short yet every sample holds
     * many iterations of every task; page_faultN in thread mode needs samples long enough to hold whole
     * mmap-touch-munmap cycles of 128 MiB, whose munmaps hold mmap_sem for write.
     */
    static int sampleMs(Row r, boolean quick) {
        if (quick) {
            return r.testcase().equals("malloc1") ? 20 : 1;
        }
        return switch (r.testcase()) {
            case "page_fault1", "page_fault2", "page_fault3" -> r.threads() ? 1000 : 25;
            case "malloc1", "brk1" -> 100; // brk1: mmap_sem's writers settle into sleeping over ~0.5 s
            case "writeseek3" -> 5;
            default -> 2;
        };
    }

    /** SPF's change in whole mmap-touch-munmap cycles per second, over each run's whole simulated time. */
    private static String cycleChange(RunPlan.Results<Key, WorkloadRun.Outcome> runs, Row r) {
        double base = cyclesPerSecond(runs.one(k -> k.row() == r && k.kernel().equals("base")));
        double head = cyclesPerSecond(runs.one(k -> k.row() == r && k.kernel().equals("spf")));
        if (base == 0 || head == 0) {
            return "no cycle completed"; // a run too short for one munmap (quick mode): no rate to compare
        }
        return String.format(Locale.ROOT, "%+.1f", 100 * (head - base) / base);
    }

    public LkpSkylakeSpf() {
        super("lkp-skylake-spf", "LKP will-it-scale on lkp-skl-4sp1: SPF v9 vs base, 20 rows (page_fault1..3, malloc1, brk1, signal1, ...), THP on and off", List.of(PRESET));
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        MachineSpec spec = MachineSpecs.load(PRESET);
        int tasks = o.quick() ? 24 : spec.cpus(); // nr_task = 100 %; quick: a smoke test at 12.5 %
        List<Row> rows = rows();
        // one simulation per distinct configuration: THP changes nothing for test cases that never fault
        // anonymous memory (their THP-enabled and -disabled rows share the run, recorded without thp)
        RunPlan<Key, WorkloadRun.Outcome> plan = new RunPlan<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            for (String kernel : List.of("base", "spf")) {
                boolean thp = r.thp().equals("enabled") && THP_APPLIES.contains(r.testcase());
                String features = kernel + (thp ? ",thp" : "");
                List<String> args = List.of(r.testcase(), "--mode", r.threads() ? "threads" : "processes", "--tasks", String.valueOf(tasks),
                        "-s", String.valueOf(measured(r, o.quick())), "--sample-ms", String.valueOf(sampleMs(r, o.quick())));
                String config = features + " " + String.join(" ", args);
                plan.add(new Key(r, kernel), r.id().replace('/', '-') + "-" + kernel + ".json", config,
                        () -> WorkloadRun.run(spec, KernelFeatures.parse(features), Workloads.byName("will-it-scale"), args, Map.of(), 1));
            }
        }
        RunPlan.Results<Key, WorkloadRun.Outcome> runs = plan.run(o.jobs(), out.resolve("runs"), (f, run) -> MetricsJson.write(f, run.record()));

        ReportWriter w = new ReportWriter(name(), "will-it-scale, SPF v9 vs base, lkp-skl-4sp1", out);
        w.info("published", Published.load("lkp-skylake-4s-spf-v9.csv").comments());
        w.info("emulated", String.format(Locale.ROOT,
                "will-it-scale on %s, %d tasks, 6 warm-up samples then 5 measured (10 for page_faultN threads), sample length per test case (see table), seed 1;"
                + " rows of test cases that never fault anonymous memory share one run for THP enabled and disabled", PRESET, tasks));
        w.calibrated(List.of(PRESET));

        MarkdownTable t = new MarkdownTable("testcase", "thp", "metric", "base published", "base emulated", "base ratio",
                "%change published", "%change emulated", "head published", "head emulated", "sign", "sample", "%change in cycles/s");
        List<Charts.Bar> bars = new ArrayList<>();
        int signs = 0;
        int within2 = 0;
        for (Row r : rows) {
            double base = ops(r, runs.one(k -> k.row() == r && k.kernel().equals("base")));
            double head = ops(r, runs.one(k -> k.row() == r && k.kernel().equals("spf")));
            double change = 100 * (head - base) / base;
            boolean sign = Math.signum(change) == Math.signum(r.changePct()) && change != 0;
            double ratio = base / r.base();
            signs += sign ? 1 : 0;
            within2 += ratio >= 0.5 && ratio <= 2 ? 1 : 0;
            w.row(new SummaryRow(r.id() + "/base", r.metric(), r.base(), base, "ops/s", Double.NaN));
            w.row(new SummaryRow(r.id() + "/head", r.metric(), r.head(), head, "ops/s", Double.NaN));
            w.row(new SummaryRow(r.id() + "/change", "change_pct", r.changePct(), change, "%", Double.NaN));
            t.row(r.testcase(), r.thp(), r.metric(), SpfEbizzy.fmt(r.base()), String.format(Locale.ROOT, "%,.0f", base),
                    String.format(Locale.ROOT, "%.2f", ratio), String.format(Locale.ROOT, "%+.1f", r.changePct()),
                    String.format(Locale.ROOT, "%+.1f", change), SpfEbizzy.fmt(r.head()), String.format(Locale.ROOT, "%,.0f", head),
                    sign ? "yes" : "no", sampleMs(r, o.quick()) + " ms", r.testcase().startsWith("page_fault") && r.threads() ? cycleChange(runs, r) : "");
            bars.add(new Charts.Bar(r.testcase() + (r.threads() ? " thr" : " proc") + (r.thp().equals("enabled") ? " THP" : ""),
                    r.changePct(), change, Double.NaN));
        }
        w.row(new SummaryRow("signs_matching", "rows", 20, signs, "rows", Double.NaN));
        w.row(new SummaryRow("base_within_2x", "rows", 20, within2, "rows", Double.NaN));
        // one row of several hundred per cent (malloc1) would flatten every other bar on a shared axis:
        // rows beyond +-100 % get their own panel
        List<Charts.Bar> small = bars.stream().filter(b -> Math.abs(b.published()) <= 100 && Math.abs(b.emulated()) <= 100).toList();
        List<Charts.Bar> large = bars.stream().filter(b -> !small.contains(b)).toList();
        List<Charts.BarPanel> panels = new ArrayList<>();
        panels.add(new Charts.BarPanel(large.isEmpty() ? "every row" : "rows within ±100 %", "% change (head vs base)", small));
        if (!large.isEmpty()) {
            panels.add(new Charts.BarPanel("rows beyond ±100 %", "% change (head vs base)", large));
        }
        Charts.publishedVsEmulated("SPF v9 vs base, will-it-scale on 4-socket Skylake: %change per row", panels, w.file("lkp-skylake-spf.png"));
        w.text(String.format(Locale.ROOT, "Published: LKP, nr_task=100%% (192), 295 s runs. Emulated: %s, %d tasks, one run per row and kernel"
                + " (6 warm-up + 5 measured samples of the length shown, 10 for page_faultN threads; rates per second over the time the"
                + " measured samples spanned; THP can only change page_fault1, malloc1 and mmap1, so the other test cases' THP-enabled and"
                + " -disabled rows share one run).%n%n", PRESET, tasks));
        w.table(t);
        w.text(String.format(Locale.ROOT, "Sign of the change matches on %d of 20 rows; emulated base within a factor of 2 on %d of 20.%n%n", signs, within2));
        w.text("The emulated threads of page_faultN move in step through cycles of faulting and queueing on each other's munmaps "
                + "(2-4 s long at 192 threads), so a window of samples sees a phase-dependent share of the stalls; the last column "
                + "compares whole cycles (munmaps) per simulated second over each run instead, which no window biases. "
                + "context_switch1, signal1, read1, read2 and writeseek3 run no code the series changes: their emulated change is 0.\n\n");
        w.fittedParameters();
        w.text("\n").image("published vs emulated", "lkp-skylake-spf.png");
        w.write(log);
    }
}
