package numasim.experiments;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import numasim.hinting.FreePageHinting;
import numasim.hinting.HintingMonitor;
import numasim.host.GuestMemory;
import numasim.host.HostEvent;
import numasim.kernel.Kernel;
import numasim.results.MarkdownTable;

/** What a run with a host reports about free page hinting: per node at the end, over time, and overall. */
public final class HintingFigures {
    private HintingFigures() {
    }

    /** The figures as metrics ({@code hinting.node0.coverage_pct}, ...), in a stable order. */
    public static Map<String, Object> metrics(Kernel k) {
        Map<String, Object> m = new LinkedHashMap<>();
        HintingMonitor mon = k.hintingMonitor();
        if (mon == null) {
            return m;
        }
        FreePageHinting h = k.hinting();
        GuestMemory g = k.guestMemory();
        m.put("hinting.variant", h == null ? "none" : h.variant());
        m.put("hinting.order", mon.order());
        for (int n = 0; n < k.topology().nodes(); n++) {
            HintingMonitor.Sample s = mon.last(n);
            String p = "hinting.node" + n + ".";
            m.put(p + "free_mib", mib(s.freeBytes()));
            m.put(p + "hinted_mib", mib(s.hintedBytes()));
            m.put(p + "coverage_pct", round(s.coveragePct()));
            m.put(p + "host_rss_mib", mib(s.hostRssBytes()));
            m.put(p + "host_rss_peak_mib", mib(g.peakResidentBytes(n)));
            m.put(p + "reported_pages", s.reportedPages());
        }
        if (h != null) {
            DescriptiveStatistics l = h.latencyMs();
            m.put("hinting.latency_n", l.getN());
            m.put("hinting.latency_mean_ms", round(l.getN() == 0 ? 0 : l.getMean()));
            m.put("hinting.latency_p50_ms", round(l.getN() == 0 ? 0 : l.getPercentile(50)));
            m.put("hinting.latency_p99_ms", round(l.getN() == 0 ? 0 : l.getPercentile(99)));
            m.put("hinting.latency_max_ms", round(l.getN() == 0 ? 0 : l.getMax()));
            m.put("hinting.isolated_peak_pages", h.peakIsolatedPages());
            m.put("hinting.worker_cpu_ms", round(h.workerCpuMs()));
            m.put("hinting.virtqueue_kicks", h.kicks());
        }
        m.put("host.name", g.host().spec().name());
        m.put("host.resident_peak_mib", mib(g.host().peakResidentBytes()));
        m.put("host.swap_out_pages", g.host().counters().get(HostEvent.SWAP_OUT));
        return m;
    }

    /** The end-of-run table a user reads after the benchmark's own output. */
    public static String text(Kernel k) {
        HintingMonitor mon = k.hintingMonitor();
        if (mon == null) {
            return "";
        }
        Map<String, Object> m = metrics(k);
        FreePageHinting h = k.hinting();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nFree page hinting: %s, order %d (%s blocks), host %s%n%n", m.get("hinting.variant"), mon.order(),
                numasim.topology.Sizes.format(k.pageSize() << mon.order()), m.get("host.name")));
        MarkdownTable t = new MarkdownTable("node", "free >= order (MiB)", "hinted (MiB)", "coverage %", "host RSS (MiB)", "host RSS peak (MiB)", "pages reported");
        for (int n = 0; n < k.topology().nodes(); n++) {
            String p = "hinting.node" + n + ".";
            t.row(n, m.get(p + "free_mib"), m.get(p + "hinted_mib"), m.get(p + "coverage_pct"), m.get(p + "host_rss_mib"), m.get(p + "host_rss_peak_mib"),
                    m.get(p + "reported_pages"));
        }
        b.append(t.render());
        if (h != null) {
            b.append(String.format(Locale.ROOT, "%nhinting latency (free -> host discard): %d blocks, mean %s ms, p50 %s ms, p99 %s ms, max %s ms%n",
                    m.get("hinting.latency_n"), m.get("hinting.latency_mean_ms"), m.get("hinting.latency_p50_ms"), m.get("hinting.latency_p99_ms"),
                    m.get("hinting.latency_max_ms")));
            b.append(String.format(Locale.ROOT, "isolated at the peak: %s pages; hinting worker CPU time: %s ms; virtqueue kicks: %s%n",
                    m.get("hinting.isolated_peak_pages"), m.get("hinting.worker_cpu_ms"), m.get("hinting.virtqueue_kicks")));
        }
        b.append(String.format(Locale.ROOT, "host: resident peak %s MiB, pages swapped out %s%n", m.get("host.resident_peak_mib"), m.get("host.swap_out_pages")));
        return b.toString();
    }

    static double mib(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
