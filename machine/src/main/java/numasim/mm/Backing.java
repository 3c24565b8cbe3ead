package numasim.mm;

import numasim.cpu.Task;

/**
 * The memory behind a guest's frames, when a host is modelled: the allocator calls it for every block it
 * hands out, because the guest writes (zeroes, copies into) what it allocates, and a write to a frame the
 * host does not back exits to the host.
 */
public interface Backing {
    /** Frames {@code [pfn, pfn + 2^order)} are about to be written; host costs go to {@code t} (null: set-up, untimed). */
    void touch(Task t, long pfn, int order);
}
