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
    private final long[] hits;
    private final long[] misses;
    private final long[] reads;

    PageCache(VmEnv env) {
        this.env = env;
        this.hits = env.counters().counter("pagecache:hit");
        this.misses = env.counters().counter("pagecache:miss");
        this.reads = env.counters().counter("pagecache:disk_read");
    }

    public File create(String name, boolean tmpfs, long size) {
        return new File(nextId++, name, tmpfs, size, env.coherence());
    }

    long pages(File f) {
        return (f.size + env.pageSize() - 1) >>> env.pageShift();
    }

    /** Caches every page of {@code f} outside any task's time (kernbench caches the tree before it runs). */
    public void populate(File f, int node) {
        for (long i = 0; i < pages(f); i++) {
            if (!f.pages.containsKey(i)) {
                f.pages.put(i, env.mem().allocUntimed(node));
            }
        }
    }

    /** Caches pages [from, to) of {@code f} outside any task's time. */
    public void populate(File f, int node, long from, long to) {
        for (long i = from; i < Math.min(to, pages(f)); i++) {
            if (!f.pages.containsKey(i)) {
                f.pages.put(i, env.mem().allocUntimed(node));
            }
        }
    }

    /** find_get_page: the cached page, or -1. Costs a look-up under the tree lock. */
    long find(Task t, File f, long index) {
        t.sysUntil(f.treeLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.FILE_PAGE_OP)));
        Long pfn = f.pages.get(index);
        return pfn == null ? -1 : pfn;
    }

    /** A cached page without cost (map_pages walks pages it already holds references to). */
    long peek(File f, long index) {
        Long pfn = f.pages.get(index);
        return pfn == null ? -1 : pfn;
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

    /** set_page_dirty under the tree lock. */
    void markDirty(Task t, File f, long index) {
        if (f.dirty.add(index)) {
            t.sysUntil(f.treeLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.FILE_PAGE_OP)));
        }
    }

    /** Unlink of the last reference: the page cache pages go back to the allocator. */
    public void delete(Task t, File f) {
        for (long pfn : f.pages.values()) {
            env.mem().freePage(t, pfn);
        }
        f.pages.clear();
        f.dirty.clear();
    }
}
