package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.hinting.HintingMonitor;
import numasim.host.HostSpecs;
import numasim.kernel.KernelFeatures;
import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.SummaryRow;
import numasim.topology.MachineSpec;
import numasim.workloads.Composite;
import numasim.workloads.Workload;
import numasim.workloads.Workloads;

/**
 * Alexander Duyck's question on v10: with a noisy thread cycling the same blocks, does the rest of the
 * free memory ever get hinted? A guest frees a large amount of memory once (memhog) while a noisy
 * allocator maps, touches and unmaps the same 32 MiB in a loop; how much of that other memory each
 * variant hints within 60 simulated seconds.
 */
public final class HintingForwardProgress extends NamedReproduction {
    static final List<String> VARIANTS = List.of("bitmap-v10", "bitmap-numa", "reporting");
    static final String HOST = "host-64g";

    static MachineSpec guest() {
        return HintingRuns.derive("two-node-guest", "guest-8g", "4-vCPU x86-64 KVM guest (q35), one node of 8 GiB",
                Map.of("sockets", 1, "cores_per_socket", 4, "memory_per_node", "8G"));
    }

    private record Run(String variant, HintingRuns.GuestResult result, double freedAtS) {
        /** The sample closest to {@code s} seconds after the memory hog's memory came free. */
        HintingMonitor.Sample at(double s) {
            HintingMonitor.Sample best = null;
            for (HintingMonitor.Sample x : result.node(0)) {
                if (x.timeS() <= freedAtS + s + 1e-9) {
                    best = x;
                }
            }
            return best;
        }
    }

    public HintingForwardProgress() {
        super("hinting-forward-progress", "a noisy allocator beside a guest that freed a lot of memory: how much of it each hinting variant hints within 60 s", List.of("two-node-guest"));
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        MachineSpec spec = guest();
        double window = o.quick() ? 15 : 60;
        List<String> hog = o.quick() ? List.of("--size", "2G") : List.of("--size", "6G");
        List<String> noisy = List.of("--size", "32M", "--duration", (window + (o.quick() ? 5 : 10)) + "s");
        RunPlan<String, Run> plan = new RunPlan<>();
        for (String v : VARIANTS) {
            plan.add(v, v + ".csv", () -> {
                Workload w = new Composite(List.of("memhog", "noisy"), List.of(Workloads.byName("memhog").create(hog, Map.of(), spec),
                        Workloads.byName("noisy").create(noisy, Map.of(), spec)));
                HintingRuns.GuestResult r = HintingRuns.run(HostSpecs.load(HOST), List.of(new HintingRuns.Guest(spec,
                        KernelFeatures.parse("thp,hinting=" + v), w)), 1, 250e6).guests().get(0);
                return new Run(v, r, ((Number) r.workload().get("memhog.elapsed_s")).doubleValue());
            });
        }
        List<Run> runs = plan.run(o.jobs(), out.resolve("runs"), (f, r) -> Files.writeString(f, HintingMonitor.csv(r.result().samples())))
                .results();
        ReportWriter w = new ReportWriter(name(), "a noisy allocator beside a large free", out);
        w.info("guest", spec.name() + ": " + spec.description() + ", kernel thp,hinting=<variant>");
        w.info("workload", "memhog " + String.join(" ", hog) + " beside noisy " + String.join(" ", noisy));
        double[] marks = o.quick() ? new double[] {5, 15} : new double[] {10, 30, 60};
        List<String> head = new ArrayList<>(List.of("variant", "memory freed by memhog at (s)"));
        for (double m : marks) {
            head.add(String.format(Locale.ROOT, "hinted after %.0f s (GiB)", m));
        }
        head.addAll(List.of(String.format(Locale.ROOT, "coverage after %.0f s %%", window), "noisy cycles", "worker CPU (ms)", "pages reported"));
        MarkdownTable t = new MarkdownTable(head.toArray(new String[0]));
        List<Charts.Line> lines = new ArrayList<>();
        for (Run r : runs) {
            List<Object> row = new ArrayList<>(List.of(r.variant(), String.format(Locale.ROOT, "%.2f", r.freedAtS())));
            for (double m : marks) {
                HintingMonitor.Sample x = r.at(m);
                row.add(String.format(Locale.ROOT, "%.2f", x.hintedBytes() / (double) (1L << 30)));
            }
            HintingMonitor.Sample end = r.at(window);
            row.add(String.format(Locale.ROOT, "%.1f", end.coveragePct()));
            row.add(r.result().workload().get("noisy.cycles"));
            row.add(r.result().figures().get("hinting.worker_cpu_ms"));
            row.add(r.result().figures().get("hinting.node0.reported_pages"));
            t.row(row.toArray());
            w.row(new SummaryRow(r.variant(), "hinted_gib_after_" + (int) window + "s", Double.NaN, end.hintedBytes() / (double) (1L << 30), "GiB", Double.NaN));
            w.row(new SummaryRow(r.variant(), "coverage_after_" + (int) window + "s_pct", Double.NaN, end.coveragePct(), "%", Double.NaN));
            List<HintingMonitor.Sample> ss = r.result().node(0);
            lines.add(new Charts.Line(r.variant(), ss.stream().mapToDouble(x -> x.timeS() - r.freedAtS()).toArray(),
                    ss.stream().mapToDouble(x -> x.hintedBytes() / (double) (1L << 30)).toArray()));
        }
        Charts.stackedLines("Free memory hinted beside a noisy allocator (" + spec.name() + ")", "seconds since memhog's memory came free",
                "hinted (GiB)", 0, List.of(new Charts.Panel("memhog " + String.join(" ", hog) + " + noisy --size 32M", lines)),
                w.file("hinting-forward-progress.png"));
        w.text(String.format(Locale.ROOT, "Guest %s (%s, THP on) behind %s. `memhog %s` runs once (its memory is backed by the host, then freed) "
                + "while `noisy %s` maps, writes and unmaps the same 32 MiB (16 huge pages) in a loop. Hinted: free memory the host "
                + "has discarded after a hint and the guest has not touched since, counted from the moment memhog's memory came free.%n%n",
                spec.name(), spec.description(), HOST, String.join(" ", hog), String.join(" ", noisy)));
        w.table(t);
        w.text("On a one-node guest the seed's zone-number indexing happens to be right, so bitmap-v10 and bitmap-numa behave "
                + "identically (their lines overlap). The bitmaps only see memory freed after they were set up; reporting also walks "
                + "memory untouched since boot, which is why it ends above them.\n\n");
        w.image("hinted over time", "hinting-forward-progress.png");
        w.write(log);
    }
}
