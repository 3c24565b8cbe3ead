package numasim.host;

import java.util.BitSet;

import numasim.cpu.Task;
import numasim.mm.Backing;
import numasim.sim.Counters;

/**
 * One guest's memory as its host sees it: per guest frame, resident (backed by a host page), swapped out,
 * or unbacked; and whether the guest hinted it free and has not touched it since (what hinting coverage
 * counts). Bit sets over guest frames grow with the highest frame touched, not with the guest's size.
 */
public final class GuestMemory implements Backing {
    private final Host host;
    public final String name;
    private final int nodes;
    private final long pagesPerNode;
    private final long pageSize;
    private final int hugeFrames;
    private final BitSet resident = new BitSet();
    private final BitSet swapped = new BitSet();
    private final BitSet hinted = new BitSet();
    private final long[] residentPerNode;
    private final long[] peakPerNode;
    private final long[] eptFaults;
    private final long[] swapIns;
    private final long[] discarded;
    private int clockHand;

    GuestMemory(Host host, String name, int nodes, long pagesPerNode, long pageSize, Counters guestCounters) {
        this.host = host;
        this.name = name;
        this.nodes = nodes;
        this.pagesPerNode = pagesPerNode;
        this.pageSize = pageSize;
        this.hugeFrames = (int) Math.max(1, (2L << 20) / pageSize);
        this.residentPerNode = new long[nodes];
        this.peakPerNode = new long[nodes];
        this.eptFaults = guestCounters.counter(HostEvent.EPT_FAULTS);
        this.swapIns = guestCounters.counter(HostEvent.SWAP_IN);
        this.discarded = guestCounters.counter(HostEvent.DISCARDED_PAGES);
    }

    public Host host() {
        return host;
    }

    /** Host memory backing guest node {@code node} (its RSS there), in bytes. */
    public long residentBytes(int node) {
        return residentPerNode[node] * pageSize;
    }

    public long peakResidentBytes(int node) {
        return peakPerNode[node] * pageSize;
    }

    public long residentBytes() {
        long n = 0;
        for (long r : residentPerNode) {
            n += r;
        }
        return n * pageSize;
    }

    public boolean isResident(long pfn) {
        return resident.get((int) pfn);
    }

    /** Frames of {@code [pfn, pfn + n)} the guest hinted and has not touched since. */
    public long hintedFrames(long pfn, long n) {
        long count = 0;
        int from = (int) pfn;
        int to = (int) (pfn + n);
        for (int i = hinted.nextSetBit(from); i >= 0 && i < to; i = hinted.nextSetBit(i + 1)) {
            int end = Math.min(to, hinted.nextClearBit(i));
            count += end - i;
            i = end;
        }
        return count;
    }

    @Override
    public void touch(Task t, long pfn, int order) {
        double cost = 0;
        int from = (int) pfn;
        int to = (int) (pfn + (1L << order));
        hinted.clear(from, to);
        for (int f = resident.nextClearBit(from); f < to; f = resident.nextClearBit(f + 1)) {
            if (swapped.get(f)) {
                swapped.clear(f);
                swapIns[0]++;
                host.counters().add(HostEvent.SWAP_IN, 1);
                cost += host.spec().swapInNs() + back(f, 1);
                continue;
            }
            int region = f - f % hugeFrames;
            if (host.spec().thp() && hugeFrames > 1 && noneIn(resident, region) && noneIn(swapped, region)) {
                // a host huge page backs the whole aligned range, touched or not
                cost += host.spec().eptFault2mNs() + back(region, hugeFrames);
                eptFaults[0]++;
                f = region + hugeFrames - 1;
                continue;
            }
            cost += host.spec().eptFaultNs() + back(f, 1);
            eptFaults[0]++;
        }
        if (t != null && cost > 0) {
            t.sys(cost);
        }
    }

    private boolean noneIn(BitSet b, int region) {
        int i = b.nextSetBit(region);
        return i < 0 || i >= region + hugeFrames;
    }

    /** Backs {@code n} frames from {@code f}, making room first; returns the reclaim cost. */
    private double back(int f, int n) {
        double cost = host.makeRoom(n * pageSize);
        for (int i = f; i < f + n; i++) {
            hinted.clear(i);
            if (!resident.get(i)) {
                resident.set(i);
                int node = (int) (i / pagesPerNode);
                residentPerNode[node]++;
                peakPerNode[node] = Math.max(peakPerNode[node], residentPerNode[node]);
                host.resident(pageSize);
            }
        }
        return cost;
    }

    /**
     * The host processes one reported range: drops the backing (MADV_DONTNEED), frees swap it held, and
     * remembers the range as hinted. Returns the host's processing time. Inhibited: nothing is dropped.
     */
    public double discard(long pfn, long n) {
        if (host.spec().balloonInhibited()) {
            host.counters().add(HostEvent.DISCARD_INHIBITED, 1);
            return 0;
        }
        int from = (int) pfn;
        int to = (int) (pfn + n);
        long freed = 0;
        for (int i = resident.nextSetBit(from); i >= 0 && i < to; i = resident.nextSetBit(i + 1)) {
            resident.clear(i);
            residentPerNode[(int) (i / pagesPerNode)]--;
            freed++;
        }
        swapped.clear(from, to);
        hinted.set(from, to);
        host.resident(-freed * pageSize);
        discarded[0] += freed;
        host.counters().add(HostEvent.DISCARDED_PAGES, freed);
        return host.spec().discardRangeNs() + freed * host.spec().discardPageNs();
    }

    /** The host's time to process a report of {@code [pfn, pfn + n)} as things stand. */
    public double discardCost(long pfn, long n) {
        if (host.spec().balloonInhibited()) {
            return 0;
        }
        long backed = 0;
        int to = (int) (pfn + n);
        for (int i = resident.nextSetBit((int) pfn); i >= 0 && i < to; i = resident.nextSetBit(i + 1)) {
            backed++;
        }
        return host.spec().discardRangeNs() + backed * host.spec().discardPageNs();
    }

    /** Swaps out the next resident frame under the clock hand; returns the bytes freed (0: none resident). */
    long swapOutOne() {
        int f = resident.nextSetBit(clockHand);
        if (f < 0) {
            f = resident.nextSetBit(0);
            if (f < 0) {
                return 0;
            }
        }
        clockHand = f + 1;
        resident.clear(f);
        residentPerNode[(int) (f / pagesPerNode)]--;
        swapped.set(f);
        host.resident(-pageSize);
        return pageSize;
    }

    public int nodes() {
        return nodes;
    }
}
