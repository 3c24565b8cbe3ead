package numasim.hinting;

import java.util.ArrayList;
import java.util.List;
import numasim.boot.Core;

import numasim.cpu.Scheduler;
import numasim.host.GuestMemory;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sim.Sim;

/**
 * Samples, per guest node and over time, what free page hinting achieves: free memory in blocks at or
 * above the hinting order, the part of it the host has been told about and has not seen touched since
 * (coverage), and the host memory backing the node. Sampling stops once the workload has exited and the
 * hinting work is idle, so a run ends when there is nothing left to hint.
 */
public final class HintingMonitor {
    /** One node at one instant. */
    public record Sample(double timeS, int node, long freeBytes, long hintedBytes, long hostRssBytes, long reportedPages) {
        /** Hinting coverage, %: hinted free memory over free memory at or above the hinting order. */
        public double coveragePct() {
            return freeBytes == 0 ? 0 : 100.0 * hintedBytes / freeBytes;
        }
    }

    private final Sim sim;
    private final Scheduler sched;
    private final PhysMem mem;
    private final GuestMemory guest;
    private final FreePageHinting hinting;
    private final int order;
    private final int nodes;
    private final long pageSize;
    private final double intervalNs;
    private final List<Sample> samples = new ArrayList<>();
    private boolean started;

    public HintingMonitor(Core core, GuestMemory guest, FreePageHinting hinting, int order, long pageSize, double intervalNs) {
        this.sim = core.sim();
        this.sched = core.sched();
        this.mem = core.mem();
        this.guest = guest;
        this.hinting = hinting;
        this.order = order;
        this.nodes = sched.topology().nodes();
        this.pageSize = pageSize;
        this.intervalNs = intervalNs;
    }

    /** Starts sampling now (once). */
    public void start() {
        if (!started) {
            started = true;
            sim.at(sim.now(), this::tick);
        }
    }

    private void tick() {
        sample();
        boolean done = sched.liveTasks().isEmpty() && (hinting == null || !hinting.busy());
        if (!done) {
            sim.after(intervalNs, this::tick);
        }
    }

    /** Takes one sample of every node now. */
    public void sample() {
        for (int n = 0; n < nodes; n++) {
            long free = 0;
            long[] hinted = {0};
            for (Zone z : mem.zonesOf(n)) {
                free += z.freePagesAtOrAbove(order);
                z.forEachFreeBlock(order, (idx, ord) -> hinted[0] += guest.hintedFrames(z.startPfn + idx, 1L << ord));
            }
            samples.add(new Sample(sim.now() / 1e9, n, free * pageSize, hinted[0] * pageSize, guest.residentBytes(n),
                    hinting == null ? 0 : hinting.reportedPages(n)));
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The last sample of {@code node}. */
    public Sample last(int node) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).node() == node) {
                return samples.get(i);
            }
        }
        throw new IllegalStateException("no sample of node " + node);
    }

    public int order() {
        return order;
    }

    public FreePageHinting hinting() {
        return hinting;
    }

    public GuestMemory guest() {
        return guest;
    }

    /** The samples as CSV: time_s,node,free_mib,hinted_mib,coverage_pct,host_rss_mib,reported_pages. */
    public String csv() {
        return csv(samples);
    }

    /** {@code samples} as CSV, one row per node and instant. */
    public static String csv(List<Sample> samples) {
        StringBuilder b = new StringBuilder("time_s,node,free_mib,hinted_mib,coverage_pct,host_rss_mib,reported_pages\n");
        for (Sample s : samples) {
            b.append(String.format(java.util.Locale.ROOT, "%.3f,%d,%.1f,%.1f,%.2f,%.1f,%d%n", s.timeS(), s.node(), s.freeBytes() / 1048576.0,
                    s.hintedBytes() / 1048576.0, s.coveragePct(), s.hostRssBytes() / 1048576.0, s.reportedPages()));
        }
        return b.toString();
    }
}
