package numasim.vm;

import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Page-cache operations: find a page, read it in (a disk read sleeps), populate a file before a run,
 * mark pages dirty, and drop a file's pages when it is deleted.
 */
public final class PageCache {
    private final VmEnv env;
    private int nextId = 1;
    private final numasim.sync.RwSem.Stats inodeStats;
    private final long[] hits;
    private final long[] misses;
    private final long[] reads;

    PageCache(VmEnv env) {
        this.env = env;
        this.inodeStats = new numasim.sync.RwSem.Stats(env.counters(), numasim.sync.RwSemEvent.Lock.I_RWSEM);
        this.hits = env.counters().counter(PageCacheEvent.HIT);
        this.misses = env.counters().counter(PageCacheEvent.MISS);
        this.reads = env.counters().counter(PageCacheEvent.DISK_READ);
    }

    public File create(String name, boolean tmpfs, long size) {
        return create(name, tmpfs ? File.Fs.TMPFS : File.Fs.DISK, size);
    }

    /** A file of {@code size} bytes on {@code fs} (hugetlbfs: a multiple of the huge page size). */
    File create(String name, File.Fs fs, long size) {
        int id = nextId++;
        return new File(id, name, fs, size, env.coherence(),
                new numasim.sync.RwSem("file" + id + ".i_rwsem", env.sched(), env.coherence(), inodeStats));
    }

    long pages(File f) {
        return (f.size + env.pageSize() - 1) >>> env.pageShift();
    }

    /** Caches every page of {@code f} outside any task's time (kernbench caches the tree before it runs). */
    public void populate(File f, int node) {
        for (long i = 0; i < pages(f); i++) {
            if (!f.pages.contains(i)) {
                f.pages.put(i, env.mem().allocUntimed(node));
            }
        }
    }

    /** Caches pages [from, to) of {@code f} outside any task's time. */
    public void populate(File f, int node, long from, long to) {
        for (long i = from; i < Math.min(to, pages(f)); i++) {
            if (!f.pages.contains(i)) {
                f.pages.put(i, env.mem().allocUntimed(node));
            }
        }
    }

    /**
     * find_get_page: the cached page with a reference taken, or -1. The radix-tree walk is lockless (RCU);
     * the speculative reference is an atomic on the page's struct page line.
     */
    long find(Task t, File f, long index) {
        t.sys(env.costs().ns(Cost.FILE_PAGE_OP));
        long pfn = f.pages.get(index);
        if (pfn < 0) {
            return -1;
        }
        pageAtomic(t, f, index);
        return pfn;
    }

    /** get_page, put_page or a page-flag bit operation: an atomic on the page's struct page line. */
    void pageAtomic(Task t, File f, long index) {
        t.sysUntil(env.coherence().atomic(f.pageLine(index).line(), t.cpu(), t.cursor()));
    }

    /** lock_page ... unlock_page around {@code holdNs} of work on the page. */
    void lockPage(Task t, File f, long index, double holdNs) {
        t.sysUntil(f.pageLine(index).lock(t.cpu(), t.cursor(), holdNs));
    }

    /** inode_lock / inode_unlock of a file's i_rwsem. */
    public numasim.sync.RwSem.Stats inodeStats() {
        return inodeStats;
    }

    /** A cached page without cost (map_pages walks pages it already holds references to). */
    long peek(File f, long index) {
        return f.pages.get(index);
    }

    /**
     * filemap_fault / shmem_getpage: the page at {@code index}, read in if missing. A disk read blocks the
     * task; {@code k} gets the page frame once it is there.
     */
    void get(Task t, File f, long index, LongConsumer k) {
        long pfn = find(t, f, index);
        if (pfn >= 0) {
            hits[0]++;
            k.accept(pfn);
            return;
        }
        misses[0]++;
        long page = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        if (f.tmpfs) {
            t.sys(env.costs().ns(Cost.ZERO_PAGE));
            insert(t, f, index, page);
            k.accept(page);
            return;
        }
        reads[0]++;
        insert(t, f, index, page); // locked and !uptodate until the read completes
        if (!t.synced()) {
            t.sync(() -> sleepOnRead(t, page, k));
        } else {
            sleepOnRead(t, page, k);
        }
    }

    private void sleepOnRead(Task t, long page, LongConsumer k) {
        env.sim().after(env.costs().ns(Cost.DISK_READ), () -> t.sys(env.sched().wake(t, -1)));
        t.block(() -> k.accept(page));
    }

    private void insert(Task t, File f, long index, long pfn) {
        t.sysUntil(f.treeLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.FILE_PAGE_OP)));
        f.pages.put(index, pfn);
        env.mem().lruAdd(t, pfn);
    }

    /** A page filled by its caller (UFFDIO_COPY into shmem) enters the page cache at {@code index}. */
    void insertPage(Task t, File f, long index, long pfn) {
        insert(t, f, index, pfn);
    }

    /** set_page_dirty under the tree lock. */
    void markDirty(Task t, File f, long index) {
        if (!f.dirty.get((int) index)) {
            f.dirty.set((int) index);
            t.sysUntil(f.treeLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.FILE_PAGE_OP)));
        }
    }

    /** Unlink of the last reference: the page cache pages go back to the allocator. */
    public void delete(Task t, File f) {
        for (long pfn : f.pages.frames()) {
            env.mem().freePage(t, pfn);
        }
        f.pages.clear();
        f.dirty.clear();
        f.dropPageLines();
    }
}
