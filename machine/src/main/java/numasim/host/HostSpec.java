package numasim.host;

import java.util.Map;

/**
 * A hypervisor host as a host preset or file describes it: its memory, whether it overcommits, how it
 * backs guest memory, and the cost of each host-side step, each with its source.
 *
 * @param overcommit whether guests may together promise more memory than the host has
 * @param thp the host backs guest memory with 2 MiB pages where a whole aligned range is unbacked
 * @param balloonInhibited discards are skipped (device assignment, post-copy, free page poisoning)
 * @param virtqueueSize entries of the reporting virtqueue: a longer batch is sent in several kicks
 */
public record HostSpec(String name, String description, long memory, boolean overcommit, boolean thp, boolean balloonInhibited,
        int virtqueueSize, double eptFaultNs, double eptFault2mNs, double notifyNs, double discardRangeNs, double discardPageNs,
        double swapOutNs, double swapInNs, Map<String, String> sources) {

    /** The same host with {@code bytes} of memory (a scaled-down experiment). */
    public HostSpec withMemory(String newName, long bytes) {
        return new HostSpec(newName, description, bytes, overcommit, thp, balloonInhibited, virtqueueSize, eptFaultNs, eptFault2mNs, notifyNs,
                discardRangeNs, discardPageNs, swapOutNs, swapInNs, sources);
    }
}
