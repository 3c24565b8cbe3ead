package numasim.vm;

import numasim.coherence.Coherence;
import numasim.sync.RwSem;
import numasim.sync.SpinLock;

/**
 * A file: its size and its page cache (address_space), index to page frame, under the mapping's tree
 * lock. A tmpfs file lives only in the page cache (a missing page is a new zeroed page); a disk file
 * reads a missing page from the disk, which puts the reader to sleep.
 */
public final class File {
    /** The file system a file lives on. */
    public enum Fs {
        /** A disk file system: a missing page is read from the disk. */
        DISK,
        /** tmpfs/shmem: pages live only in the page cache. */
        TMPFS,
        /** hugetlbfs: its pages are huge pages from the pool, one index per huge page. */
        HUGETLBFS,
        /** A DAX file system: the pages are the device extent {@code [daxBase, daxBase + daxPages)}, no page cache. */
        DAX
    }

    public final int id;
    public final String name;
    public final Fs fs;
    public final boolean tmpfs;
    public final boolean hugetlb;
    long size;
    final boolean dax;
    long daxBase;
    long daxPages;
    final PageIndex pages = new PageIndex();
    final java.util.BitSet dirty = new java.util.BitSet();
    final SpinLock treeLock;
    /** inode->i_rwsem: writers (write(2), truncate) hold it for write. */
    final RwSem iRwsem;
    /** The struct page line of each cached page that tasks have touched: its refcount and PG_locked bit. */
    private SpinLock[] pageLines = new SpinLock[0];
    private final Coherence coherence;

    File(int id, String name, Fs fs, long size, Coherence coherence, RwSem iRwsem) {
        this.id = id;
        this.name = name;
        this.fs = fs;
        this.tmpfs = fs == Fs.TMPFS;
        this.hugetlb = fs == Fs.HUGETLBFS;
        this.dax = fs == Fs.DAX;
        this.size = size;
        this.coherence = coherence;
        this.treeLock = new SpinLock("file" + id + ".tree_lock", coherence);
        this.iRwsem = iRwsem;
    }

    SpinLock pageLine(long index) {
        if (index >= pageLines.length) {
            pageLines = java.util.Arrays.copyOf(pageLines, (int) Math.max(index + 1, pageLines.length * 2L));
        }
        SpinLock l = pageLines[(int) index];
        if (l == null) {
            l = new SpinLock("struct page", coherence);
            pageLines[(int) index] = l;
        }
        return l;
    }

    void dropPageLines() {
        pageLines = new SpinLock[0];
    }

    public boolean dax() {
        return dax;
    }

    public long size() {
        return size;
    }

    /** Pages of the file in the page cache. */
    public int cachedPages() {
        return pages.size();
    }

    public boolean cached(long index) {
        return pages.contains(index);
    }

    public int dirtyPages() {
        return dirty.cardinality();
    }

    @Override
    public String toString() {
        return name;
    }
}
