package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.KernelFeatures;
import numasim.results.Charts;
import numasim.results.MarkdownTable;
import numasim.results.SummaryRow;
import numasim.topology.MachineSpec;
import numasim.topology.Sizes;
import numasim.workloads.Workloads;

/**
 * How many guests fit on a host: guests of 5 GiB on a 15 GiB host, each running a 4 GiB alloc/touch/exit
 * loop, one more guest at a time until the host has to swap, for no hinting, the NUMA-fixed bitmaps and
 * free page reporting.
 */
public final class HintingCapacity extends NamedReproduction {
    static final List<String> VARIANTS = List.of("none", "bitmap-numa", "reporting");
    static final String HOST = "host-15g";

    /** Sizes of one scale: the (5 GiB guests, 4 GiB loops, 15 GiB host) or a quarter of it. */
    record Scale(long guest, long hog, long host, int loops, int maxGuests) {
    }

    static Scale scale(boolean quick) {
        return quick ? new Scale(1280L << 20, 1L << 30, 15L << 28, 2, 6) : new Scale(5L << 30, 4L << 30, 15L << 30, 3, 10);
    }

    static final double START_STAGGER_S = 7;
    static final double PAUSE_S = 30;

    static MachineSpec guest(Scale s) {
        String size = s.guest() % (1L << 30) == 0 ? (s.guest() >> 30) + "g" : (s.guest() >> 20) + "m";
        return HintingRuns.derive("two-node-guest", "guest-" + size, "4-vCPU x86-64 KVM guest (q35), one node of " + Sizes.format(s.guest()),
                Map.of("sockets", 1, "cores_per_socket", 4, "memory_per_node", s.guest()));
    }

    /** One host with {@code n} guests. */
    record Point(String variant, int guests, long peakBytes, long swapped) {
    }

    public HintingCapacity() {
        super("hinting-capacity", "guests of 5 GiB with a 4 GiB alloc/touch/exit loop on a 15 GiB host: how many run without host swapping, per hinting variant", List.of("two-node-guest"));
    }

    @Override
    public void run(Options o, Path out, PrintWriter log) throws IOException {
        Scale s = scale(o.quick());
        MachineSpec spec = guest(s);
        HostSpec host = o.quick() ? HostSpecs.load(HOST).withMemory("host-3.75g", s.host()) : HostSpecs.load(HOST);
        RunPlan<String, List<Point>> plan = new RunPlan<>();
        for (String v : VARIANTS) {
            plan.add(v, v + ".json", () -> search(v, spec, host, s));
        }
        List<Point> points = plan.run(o.jobs(), out.resolve("runs"), (f, ps) -> Files.writeString(f, numasim.results.MetricsJson.toJson(ps)))
                .results().stream().flatMap(List::stream).toList();

        ReportWriter w = new ReportWriter(name(), "guests per host with and without free page hinting", out);
        String hog = "memhog --size " + (s.hog() >> 20) + "M --loops " + s.loops() + " --pause " + (int) PAUSE_S + " --start <guest x "
                + (int) START_STAGGER_S + " s>";
        w.info("guest", spec.name() + ": " + spec.description() + ", kernel thp (enabled=always, the distributions' default)");
        w.info("host", host.name() + ": " + Sizes.format(host.memory()));
        w.info("workload", hog);
        MarkdownTable fit = new MarkdownTable("variant", "guests without host swapping", "host peak with them (GiB)", "first count that swaps",
                "pages swapped out then");
        MarkdownTable detail = new MarkdownTable("variant", "guests", "host peak resident (GiB)", "pages swapped out");
        List<Charts.Line> lines = new ArrayList<>();
        List<Charts.Onset> onsets = new ArrayList<>();
        for (String v : VARIANTS) {
            List<Point> vp = points.stream().filter(p -> p.variant().equals(v)).toList();
            int fits = 0;
            long fitPeak = 0;
            Point first = null;
            for (Point p : vp) {
                detail.row(v, p.guests(), gib(p.peakBytes()), p.swapped());
                if (p.swapped() == 0 && first == null) {
                    fits = p.guests();
                    fitPeak = p.peakBytes();
                } else if (first == null) {
                    first = p;
                }
            }
            fit.row(v, first == null ? fits + " or more" : String.valueOf(fits), gib(fitPeak), first == null ? "-" : String.valueOf(first.guests()),
                    first == null ? "-" : String.valueOf(first.swapped()));
            w.row(new SummaryRow(v, "guests_without_swap", Double.NaN, fits, "guests", Double.NaN));
            if (first != null) {
                onsets.add(new Charts.Onset(v, first.guests(), v + " swaps from " + first.guests()));
            }
            lines.add(new Charts.Line(v, vp.stream().mapToDouble(Point::guests).toArray(), vp.stream().mapToDouble(p -> p.peakBytes() / (double) (1L << 30)).toArray()));
        }
        Charts.linesWithLimit("Host memory at its peak against guests (" + spec.name() + " guests, " + Sizes.format(s.hog()) + " loops)", "guests",
                "host peak resident (GiB)", lines, host.memory() / (double) (1L << 30),
                String.format(Locale.ROOT, "host memory %.2f GiB", host.memory() / (double) (1L << 30)), onsets, w.file("hinting-capacity.png"));
        w.text(String.format(Locale.ROOT, "Host %s (%s, overcommit). Guests %s (%s), kernel `thp,hinting=<variant>`, each running `%s`: "
                + "guest i starts %d s after guest i-1, so their loops overlap only partly. One more guest at a time until the host swaps.%n%n",
                host.name(), Sizes.format(host.memory()), spec.name(), spec.description(), hog, (int) START_STAGGER_S));
        w.table(fit).table(detail);
        w.image("host peak against guests", "hinting-capacity.png");
        w.write(log);
    }

    /** Adds guests one at a time until the host swaps (or the most the experiment tries). */
    private static List<Point> search(String variant, MachineSpec spec, HostSpec host, Scale s) {
        List<Point> points = new ArrayList<>();
        KernelFeatures f = KernelFeatures.parse(variant.equals("none") ? "thp" : "thp,hinting=" + variant);
        for (int n = 1; n <= s.maxGuests(); n++) {
            List<HintingRuns.Guest> guests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> args = List.of("--size", Long.toString(s.hog()), "--loops", Integer.toString(s.loops()), "--pause", PAUSE_S + "s",
                        "--start", (i * START_STAGGER_S) + "s");
                guests.add(new HintingRuns.Guest(spec, f, Workloads.byName("memhog").create(args, Map.of(), spec)));
            }
            HintingRuns.HostResult r = HintingRuns.run(host, guests, 1, 1e9);
            points.add(new Point(variant, n, r.peakResidentBytes(), r.swapOutPages()));
            if (r.swapOutPages() > 0) {
                break;
            }
        }
        return points;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) (1L << 30));
    }
}
