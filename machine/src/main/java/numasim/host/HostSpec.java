package numasim.host;

import java.util.Map;

/**
 * A hypervisor host as a host preset or file describes it: its memory, how it backs guest memory, and the
 * cost of each host-side step, each with its source.
 */
public record HostSpec(String name, String description, long memory, Backing backing, HostCosts costs) {
    /**
     * @param overcommit whether guests may together promise more memory than the host has
     * @param thp the host backs guest memory with 2 MiB pages where a whole aligned range is unbacked
     * @param balloonInhibited discards are skipped (device assignment, post-copy, free page poisoning)
     * @param virtqueueSize entries of the reporting virtqueue: a longer batch is sent in several kicks
     */
    public record Backing(boolean overcommit, boolean thp, boolean balloonInhibited, int virtqueueSize) {
    }

    /** The host-side costs (ns) by name, their sources and physical ranges. */
    public record HostCosts(Map<String, Double> values, Map<String, String> sources, Map<String, numasim.topology.CostRange> ranges) {
        double get(String name) {
            return values.get(name);
        }
    }

    /** The same host with {@code bytes} of memory (a scaled-down experiment). */
    public HostSpec withMemory(String newName, long bytes) {
        return new HostSpec(newName, description, bytes, backing, costs);
    }

    public boolean overcommit() {
        return backing.overcommit();
    }

    public boolean thp() {
        return backing.thp();
    }

    public boolean balloonInhibited() {
        return backing.balloonInhibited();
    }

    public int virtqueueSize() {
        return backing.virtqueueSize();
    }

    public double eptFaultNs() {
        return costs.get("ept_fault");
    }

    public double eptFault2mNs() {
        return costs.get("ept_fault_2m");
    }

    public double notifyNs() {
        return costs.get("notify");
    }

    public double discardRangeNs() {
        return costs.get("discard_range");
    }

    public double discardPageNs() {
        return costs.get("discard_page");
    }

    public double swapOutNs() {
        return costs.get("swap_out");
    }

    public double swapInNs() {
        return costs.get("swap_in");
    }

    public Map<String, String> sources() {
        return costs.sources();
    }
}
