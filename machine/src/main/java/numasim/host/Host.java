package numasim.host;

import java.util.ArrayList;
import java.util.List;

import numasim.sim.Counters;
import numasim.topology.ConfigException;
import numasim.topology.Sizes;

/**
 * A hypervisor host: finite memory shared by the guests attached to it. It backs guest frames on first
 * touch, discards the backing of ranges a guest reports free (unless ballooning is inhibited), and when
 * its memory is full it swaps out resident guest pages, chosen by a clock over all guests.
 */
public final class Host {
    private final HostSpec spec;
    private final List<GuestMemory> guests = new ArrayList<>();
    private final Counters counters = new Counters(1);

    {
        counters.register(HostEvent.class);
    }
    private long residentBytes;
    private long peakResidentBytes;
    private long promisedBytes;
    private int clockGuest;

    public Host(HostSpec spec) {
        this.spec = spec;
    }

    public HostSpec spec() {
        return spec;
    }

    /** Host-wide counters: host:swap_out, host:swap_in, host:ept_faults, host:discarded_pages, ... */
    public Counters counters() {
        return counters;
    }

    public List<GuestMemory> guests() {
        return guests;
    }

    /**
     * Attaches a guest of {@code nodes} nodes of {@code pagesPerNode} frames of {@code pageSize} bytes.
     *
     * @throws ConfigException if the host does not overcommit and the guests would not fit
     */
    public GuestMemory attach(String guest, int nodes, long pagesPerNode, long pageSize, Counters guestCounters) {
        long bytes = nodes * pagesPerNode * pageSize;
        if (!spec.overcommit() && promisedBytes + bytes > spec.memory()) {
            throw new ConfigException("host", "guest " + guest + " (" + Sizes.format(bytes) + ") does not fit host " + spec.name() + " ("
                    + Sizes.format(spec.memory()) + (promisedBytes > 0 ? ", " + Sizes.format(promisedBytes) + " already promised" : "")
                    + ") and the host does not overcommit (overcommit: false)");
        }
        promisedBytes += bytes;
        GuestMemory g = new GuestMemory(this, guest, nodes, pagesPerNode, pageSize, guestCounters);
        guests.add(g);
        return g;
    }

    public long residentBytes() {
        return residentBytes;
    }

    public long peakResidentBytes() {
        return peakResidentBytes;
    }

    void resident(long deltaBytes) {
        residentBytes += deltaBytes;
        peakResidentBytes = Math.max(peakResidentBytes, residentBytes);
    }

    /**
     * Makes room for {@code bytes} more resident memory: swaps out resident guest pages, the clock going
     * round the guests, until they fit. Returns the cost (host direct reclaim, paid by the faulting vCPU).
     */
    double makeRoom(long bytes) {
        double cost = 0;
        int tries = 0;
        while (residentBytes + bytes > spec.memory() && tries < 2 * guests.size() + 2) {
            GuestMemory g = guests.get(clockGuest % guests.size());
            clockGuest++;
            long freed = 0;
            // a batch per visit, as reclaim frees SWAP_CLUSTER_MAX pages at a time
            for (int i = 0; i < 32 && residentBytes + bytes > spec.memory(); i++) {
                long b = g.swapOutOne();
                if (b == 0) {
                    break;
                }
                freed += b;
                cost += spec.swapOutNs();
                counters.add(HostEvent.SWAP_OUT, 1);
            }
            tries = freed == 0 ? tries + 1 : 0;
        }
        return cost;
    }
}
