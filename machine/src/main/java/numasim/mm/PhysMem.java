package numasim.mm;

import java.util.ArrayList;
import java.util.List;

import numasim.coherence.Coherence;
import numasim.cpu.Task;
import numasim.sim.Counters;
import numasim.sync.SpinLock;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.topology.MachineSpec;
import numasim.topology.Topology;

/**
 * Physical memory: per-node zones with buddy allocators, per-CPU page lists refilled and drained in
 * batches under zone->lock, the allocation policy (local node first, then other nodes by SLIT distance,
 * each node's zones highest first) with watermarks, and the per-node LRU lock.
 */
public final class PhysMem {
    private final MachineSpec spec;
    private final Topology topo;
    private final Costs costs;
    private final Zone[][] nodeZones;
    private final List<Zone> zones = new ArrayList<>();
    private final long pagesPerNode;
    private final Pcp[][] pcp;
    private final int[][] fallback;
    private final SpinLock[] lruLock;
    private final int[] pagevec;
    private static final int PAGEVEC_SIZE = 15;
    private final long zeroPfn;
    private final long[] pgalloc;
    private final long[][] pgallocNode;
    private final long[] pgfree;
    private final long[] numaHit;
    private final long[] numaMiss;
    private final long[] refills;
    private final long[] drains;
    /** The host behind a guest's frames, or null: memory simply exists. */
    private Backing backing;
    /** Free page hinting's hook after buddy merging, or null. */
    private FreeHook freeHook;

    /** Called after a free has merged into a block of {@code order} at zone index {@code idx}. */
    public interface FreeHook {
        void freed(Task t, Zone zone, int idx, int order);
    }

    public PhysMem(MachineSpec spec, Topology topo, Coherence coherence, Counters counters) {
        this.spec = spec;
        this.topo = topo;
        this.costs = spec.costs();
        this.pagesPerNode = spec.memoryPerNode() / spec.pageSize();
        int nodes = spec.nodes();
        this.nodeZones = new Zone[nodes][];
        long dmaPages = spec.zoneDma() ? (16L << 20) / spec.pageSize() : 0;
        long dma32End = spec.lowmem() / spec.pageSize();
        for (int n = 0; n < nodes; n++) {
            long start = n * pagesPerNode;
            long end = start + pagesPerNode;
            // node 0 holds the low memory: ZONE_DMA (16 MiB), ZONE_DMA32 (up to lowmem), then ZONE_NORMAL;
            // zones are kept highest first, the order in which the allocator tries them
            List<Zone> zs = new ArrayList<>();
            long normalStart = start;
            if (n == 0 && dmaPages > 0 && dmaPages < pagesPerNode) {
                zs.add(new Zone(n, Zone.Type.DMA, start, (int) dmaPages, spec.maxOrder(), coherence));
                normalStart = start + dmaPages;
            }
            if (n == 0 && spec.dma32() && normalStart < dma32End) {
                long dma32 = Math.min(end, dma32End) - normalStart;
                zs.add(0, new Zone(n, Zone.Type.DMA32, normalStart, (int) dma32, spec.maxOrder(), coherence));
                normalStart += dma32;
            }
            long normal = end - normalStart;
            if (normal > 0) {
                if (normal > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("node " + n + " has more than 2^31 frames");
                }
                zs.add(0, new Zone(n, Zone.Type.NORMAL, normalStart, (int) normal, spec.maxOrder(), coherence));
            }
            nodeZones[n] = zs.toArray(new Zone[0]);
            zones.addAll(zs);
        }
        for (int i = 0; i < zones.size(); i++) {
            zones.get(i).index = i;
        }
        setWatermarks();
        this.pcp = new Pcp[topo.cpus()][zones.size()];
        this.fallback = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            fallback[n] = topo.fallbackOrder(n);
        }
        this.lruLock = new SpinLock[nodes];
        for (int n = 0; n < nodes; n++) {
            lruLock[n] = new SpinLock("node" + n + ".lru_lock", coherence);
        }
        this.pagevec = new int[topo.cpus()];
        this.pgalloc = counters.counter(MmEvent.PGALLOC);
        this.pgallocNode = new long[nodes][];
        for (int n = 0; n < nodes; n++) {
            pgallocNode[n] = counters.counter(MmEvent.PGALLOC_NODE, n);
        }
        this.pgfree = counters.counter(MmEvent.PGFREE);
        this.numaHit = counters.counter(MmEvent.NUMA_HIT);
        this.numaMiss = counters.counter(MmEvent.NUMA_MISS);
        this.refills = counters.counter(MmEvent.PCP_REFILL);
        this.drains = counters.counter(MmEvent.PCP_DRAIN);
        // the shared zero page, allocated at boot
        Zone z = nodeZones[0][nodeZones[0].length - 1];
        this.zeroPfn = z.startPfn + z.allocBlock(0);
    }

    /** min_free_kbytes = sqrt(lowmem_kbytes * 16), spread over zones by size; low/high gaps per watermark_scale_factor. */
    private void setWatermarks() {
        long totalPages = 0;
        for (Zone z : zones) {
            totalPages += z.pages;
        }
        long kb = totalPages * (spec.pageSize() / 1024);
        long minFreeKb = Math.max(128, Math.min(65536, (long) Math.sqrt(kb * 16.0)));
        long minPages = minFreeKb / Math.max(1, spec.pageSize() / 1024);
        for (Zone z : zones) {
            long min = minPages * z.pages / totalPages;
            long gap = Math.max(min / 4, (long) z.pages * 10 / 10000);
            z.watermarkMin = min;
            z.watermarkLow = min + gap;
            z.watermarkHigh = min + 2 * gap;
        }
    }

    /** Puts a host behind this memory: every block handed out from now on is touched through it. */
    public void setBacking(Backing b) {
        this.backing = b;
    }

    public void setFreeHook(FreeHook hook) {
        this.freeHook = hook;
    }

    private void freed(Task t, Zone z, int order) {
        if (freeHook != null) {
            freeHook.freed(t, z, z.lastFreed(), order);
        }
    }

    private void touch(Task t, long pfn, int order) {
        if (backing != null) {
            backing.touch(t, pfn, order);
        }
    }

    public List<Zone> zones() {
        return zones;
    }

    public Zone[] zonesOf(int node) {
        return nodeZones[node];
    }

    public long zeroPfn() {
        return zeroPfn;
    }

    public int pageShift() {
        return spec.pageShift();
    }

    public Zone zoneOf(long pfn) {
        int node = (int) (pfn / pagesPerNode);
        if (pfn < 0 || node >= nodeZones.length) {
            throw new numasim.sim.InvariantViolation("pfn " + pfn + " is not RAM (a device page?): it never enters the buddy allocator");
        }
        for (Zone z : nodeZones[node]) {
            if (pfn >= z.startPfn && pfn < z.startPfn + z.pages) {
                return z;
            }
        }
        throw new IllegalArgumentException("pfn " + pfn + " is in no zone");
    }

    public int nodeOf(long pfn) {
        return (int) (pfn / pagesPerNode);
    }

    private Pcp pcpOf(int cpu, Zone z) {
        int zi = z.index;
        Pcp p = pcp[cpu][zi];
        if (p == null) {
            p = new Pcp(spec.pcpHigh(), spec.pcpBatch());
            pcp[cpu][zi] = p;
        }
        return p;
    }

    /**
     * Picks the zone to allocate from: the zonelist of {@code node} (local node first, then by distance;
     * each node's zones highest first), first with the low watermark, then with the min watermark.
     */
    private Zone pickZone(int node, int order) {
        for (long[] pass : new long[][] {{0}, {1}}) {
            for (int n : fallback[node]) {
                for (Zone z : nodeZones[n]) {
                    long mark = pass[0] == 0 ? z.watermarkLow : z.watermarkMin;
                    if (z.watermarkOk(order, mark)) {
                        return z;
                    }
                }
            }
        }
        throw new OutOfMemory("out of memory: no zone can satisfy an order-" + order + " allocation for node " + node);
    }

    /** Allocates one base page for {@code t}, preferring {@code node}; returns its pfn. Costs go to {@code t}. */
    public long allocPage(Task t, int node) {
        t.sys(costs.ns(Cost.PAGE_ALLOC_PATH));
        Zone z = pickZone(node, 0);
        Pcp p = pcpOf(t.cpu(), z);
        if (p.count == 0) {
            int batch = spec.pcpBatch();
            t.sysUntil(z.lock.lock(t.cpu(), t.cursor(), batch * costs.ns(Cost.BUDDY_PAGE)));
            for (int i = 0; i < batch; i++) {
                int idx = z.allocBlock(0);
                if (idx < 0) {
                    break;
                }
                z.toPcp(idx);
                p.push(idx);
            }
            refills[0]++;
            if (p.count == 0) {
                throw new OutOfMemory("out of memory in " + z.name());
            }
        }
        int idx = p.pop();
        z.fromPcp(idx);
        t.sys(costs.ns(Cost.PCP_OP));
        count(z, node, 1);
        touch(t, z.startPfn + idx, 0);
        return z.startPfn + idx;
    }

    /** An order-0 page taken outside any task's time (set-up done before the measured run). */
    public long allocUntimed(int node) {
        Zone z = pickZone(node, 0);
        int idx = z.allocBlock(0);
        if (idx < 0) {
            throw new OutOfMemory("out of memory in " + z.name());
        }
        count(z, node, 1);
        touch(null, z.startPfn + idx, 0);
        return z.startPfn + idx;
    }

    /** A block of {@code 2^order} pages taken outside any task's time (a pool reserved at set-up); -1 if none. */
    public long allocPagesUntimed(int order, int node) {
        return tryAllocPages(null, order, node);
    }

    /** Allocates a block of {@code 2^order} pages straight from the buddy lists under zone->lock. */
    public long allocPages(Task t, int order, int node) {
        t.sys(costs.ns(Cost.PAGE_ALLOC_PATH));
        Zone z = pickZone(node, order);
        t.sysUntil(z.lock.lock(t.cpu(), t.cursor(), costs.ns(Cost.BUDDY_PAGE)));
        int idx = z.allocBlock(order);
        if (idx < 0) {
            throw new OutOfMemory("out of memory: order " + order + " in " + z.name());
        }
        count(z, node, 1L << order);
        touch(t, z.startPfn + idx, order);
        return z.startPfn + idx;
    }

    /**
     * A high-order allocation that may fail (a THP fault falls back to base pages): -1 when no zone in the
     * fallback order has a free block of {@code order} above its low watermark. {@code t} null: untimed.
     */
    public long tryAllocPages(Task t, int order, int node) {
        if (t != null) {
            t.sys(costs.ns(Cost.PAGE_ALLOC_PATH));
        }
        for (int n : fallback[node]) {
            for (Zone z : nodeZones[n]) {
                if (z.watermarkOk(order, z.watermarkLow)) {
                    if (t != null) {
                        t.sysUntil(z.lock.lock(t.cpu(), t.cursor(), costs.ns(Cost.BUDDY_PAGE)));
                    }
                    int idx = z.allocBlock(order);
                    if (idx >= 0) {
                        count(z, node, 1L << order);
                        touch(t, z.startPfn + idx, order);
                        return z.startPfn + idx;
                    }
                }
            }
        }
        return -1;
    }

    /** sizeof(struct page) on 64-bit kernels. */
    private static final int STRUCT_PAGE_BYTES = 64;

    /**
     * A __GFP_COMP allocation (a THP): {@link #tryAllocPages}, then prep_compound_page, which writes each
     * tail page's struct page (compound_head, flags): their cache lines at the CPU's store bandwidth.
     */
    public long tryAllocCompound(Task t, int order, int node) {
        long pfn = tryAllocPages(t, order, node);
        if (pfn >= 0 && t != null) {
            t.sys(tailPagesNs(order));
        }
        return pfn;
    }

    /** clear_page, or clear_huge_page for a block: each of its base pages cleared in turn. */
    public double clearNs(int order) {
        return (1L << order) * costs.ns(Cost.ZERO_PAGE);
    }

    /** Writing the struct pages of a block's tail pages, at the CPU's store bandwidth. */
    private double tailPagesNs(int order) {
        return costs.copyNs(((1L << order) - 1) * STRUCT_PAGE_BYTES);
    }

    /** split_huge_page: the block at {@code pfn} becomes independent base pages. */
    public void splitBlock(long pfn, int order) {
        Zone z = zoneOf(pfn);
        z.split((int) (pfn - z.startPfn), order);
    }

    private void count(Zone z, int node, long pages) {
        pgalloc[0] += pages;
        pgallocNode[z.node][0] += pages;
        if (z.node == node) {
            numaHit[0] += pages;
        } else {
            numaMiss[0] += pages;
        }
    }

    /** Frees one base page to the CPU's list, draining a batch to the buddy lists when it is above high. */
    public void freePage(Task t, long pfn) {
        Zone z = zoneOf(pfn);
        int idx = (int) (pfn - z.startPfn);
        Pcp p = pcpOf(t.cpu(), z);
        z.toPcp(idx);
        p.push(idx);
        t.sys(costs.ns(Cost.PCP_OP));
        pgfree[0]++;
        if (p.count >= spec.pcpHigh()) {
            int batch = Math.min(spec.pcpBatch(), p.count);
            t.sysUntil(z.lock.lock(t.cpu(), t.cursor(), batch * costs.ns(Cost.BUDDY_PAGE)));
            for (int i = 0; i < batch; i++) {
                freed(t, z, z.pcpToBuddy(p.takeCold()));
            }
            drains[0]++;
        }
    }

    /**
     * Frees a block of {@code 2^order} pages straight to the buddy lists; free_pages_prepare first checks
     * and clears the flags of every tail page's struct page (their lines at the store bandwidth, as
     * prep_compound_page wrote them).
     */
    public void freePages(Task t, long pfn, int order) {
        if (order > 0) {
            t.sys(tailPagesNs(order));
        }
        Zone z = zoneOf(pfn);
        t.sysUntil(z.lock.lock(t.cpu(), t.cursor(), costs.ns(Cost.BUDDY_PAGE)));
        freed(t, z, z.freeBlock((int) (pfn - z.startPfn), order));
        pgfree[0] += 1L << order;
    }

    /** lru_cache_add: pages gather in a per-CPU pagevec; every 15th takes the node's lru_lock. */
    public void lruAdd(Task t, long pfn) {
        if (++pagevec[t.cpu()] >= PAGEVEC_SIZE) {
            pagevec[t.cpu()] = 0;
            SpinLock l = lruLock[nodeOf(pfn)];
            t.sysUntil(l.lock(t.cpu(), t.cursor(), PAGEVEC_SIZE * costs.ns(Cost.LRU_PAGE)));
        }
    }

    /** release_pages: {@code n} pages of {@code node} leave the LRU under its lock. */
    public void lruRemove(Task t, int node, int n) {
        if (n > 0) {
            t.sysUntil(lruLock[node].lock(t.cpu(), t.cursor(), n * costs.ns(Cost.LRU_PAGE)));
        }
    }

    public SpinLock lruLock(int node) {
        return lruLock[node];
    }

    /** Conservation over every zone; an empty list means every frame is accounted for. */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        for (Zone z : zones) {
            problems.addAll(z.check());
        }
        return problems;
    }
}
