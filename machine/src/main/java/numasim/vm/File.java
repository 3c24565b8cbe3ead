package numasim.vm;

import java.util.HashMap;
import java.util.Map;

import numasim.coherence.Coherence;
import numasim.sync.SpinLock;

/**
 * A file: its size and its page cache (address_space), index to page frame, under the mapping's tree
 * lock. A tmpfs file lives only in the page cache (a missing page is a new zeroed page); a disk file
 * reads a missing page from the disk, which puts the reader to sleep.
 */
public final class File {
    public final int id;
    public final String name;
    public final boolean tmpfs;
    long size;
    final Map<Long, Long> pages = new HashMap<>();
    final java.util.Set<Long> dirty = new java.util.HashSet<>();
    final SpinLock treeLock;

    File(int id, String name, boolean tmpfs, long size, Coherence coherence) {
        this.id = id;
        this.name = name;
        this.tmpfs = tmpfs;
        this.size = size;
        this.treeLock = new SpinLock("file" + id + ".tree_lock", coherence);
    }

    public long size() {
        return size;
    }

    /** Pages of the file in the page cache. */
    public int cachedPages() {
        return pages.size();
    }

    public boolean cached(long index) {
        return pages.containsKey(index);
    }

    public int dirtyPages() {
        return dirty.size();
    }

    @Override
    public String toString() {
        return name;
    }
}
