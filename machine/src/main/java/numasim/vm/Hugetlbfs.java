package numasim.vm;

import java.util.ArrayDeque;

/**
 * hugetlbfs: a per-node pool of huge pages (PMD-sized) reserved up front ({@code nr_hugepages}), and
 * files whose pages are taken from it. A fault maps a whole huge page; a page stays in its file (and out
 * of the pool) until the file goes.
 */
public final class Hugetlbfs {
    private final VmEnv env;
    private final PageCache cache;
    private final ArrayDeque<Long>[] free;
    private final long[] total;
    /** The node the next interleaved pool page comes from. */
    private int nextNid;

    @SuppressWarnings("unchecked")
    Hugetlbfs(VmEnv env, PageCache cache) {
        this.env = env;
        this.cache = cache;
        int nodes = env.sched().topology().nodes();
        this.free = new ArrayDeque[nodes];
        this.total = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            free[n] = new ArrayDeque<>();
        }
    }

    /** Bytes in one huge page. */
    public long hugePageSize() {
        return env.pageSize() << env.pteBits();
    }

    /**
     * Grows node {@code node}'s pool by {@code n} huge pages taken from the buddy allocator now (as writing
     * /sys/devices/system/node/nodeN/hugepages/.../nr_hugepages does); returns how many it got.
     */
    public int reserve(int node, int n) {
        int got = 0;
        for (int i = 0; i < n; i++) {
            long pfn = env.mem().allocPagesUntimed(env.pteBits(), node);
            if (pfn < 0) {
                break;
            }
            free[node].add(pfn);
            total[node]++;
            got++;
        }
        return got;
    }

    /**
     * Grows the pool by {@code n} huge pages as writing /proc/sys/vm/nr_hugepages does: interleaved over
     * the nodes with memory (hstate's next_nid_to_alloc), a node that has no free huge block left
     * skipped; returns how many it got.
     */
    public int reserve(int n) {
        int nodes = free.length;
        int got = 0;
        int failedInARow = 0;
        while (got < n && failedInARow < nodes) {
            int node = nextNid;
            nextNid = (nextNid + 1) % nodes;
            if (reserve(node, 1) == 1) {
                got++;
                failedInARow = 0;
            } else {
                failedInARow++;
            }
        }
        return got;
    }

    /** Huge pages in node {@code node}'s pool, in use or not. */
    public long pool(int node) {
        return total[node];
    }

    /** Free huge pages of node {@code node}. */
    public long freePages(int node) {
        return free[node].size();
    }

    /** A huge page from the pool, the local node's first (dequeue_huge_page_nodemask), or -1. */
    long alloc(int node) {
        int nodes = free.length;
        for (int d = 0; d < nodes; d++) {
            Long pfn = free[(node + d) % nodes].poll();
            if (pfn != null) {
                return pfn;
            }
        }
        return -1;
    }

    /** A file on hugetlbfs of {@code size} bytes, a whole number of huge pages. */
    public File create(String name, long size) {
        if (size <= 0 || size % hugePageSize() != 0) {
            throw new IllegalArgumentException("hugetlbfs file size " + size + " is not a multiple of " + hugePageSize());
        }
        return cache.create(name, File.Fs.HUGETLBFS, size);
    }
}
