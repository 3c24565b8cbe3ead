package numasim.mm;

import java.util.ArrayList;
import java.util.List;

import numasim.coherence.Coherence;
import numasim.sim.InvariantViolation;
import numasim.sync.SpinLock;

/**
 * A zone of one node with its buddy allocator: free lists per order 0..MAX_ORDER-1, merging a freed block
 * with its free buddy ({@code __free_one_page}) and splitting larger blocks on allocation ({@code expand}).
 *
 * <p>Frame state lives in primitive arrays grouped in sections that are allocated when the allocator first
 * hands out memory from them, so an untouched zone costs a few fields. Memory beyond the {@code frontier}
 * has never been handed out; it is free in MAX_ORDER-1 blocks.
 */
public final class Zone {
    public enum Type {
        DMA, DMA32, NORMAL;

        /** The kernel's zone number (enum zone_type on x86-64): ZONE_DMA 0, ZONE_DMA32 1, ZONE_NORMAL 2. */
        public int zoneNum() {
            return ordinal();
        }
    }

    private static final int NONE = -1;

    public final int node;
    public final Type type;
    /** Global pfn of the first frame. */
    public final long startPfn;
    public final int pages;
    public final int maxOrder;
    public final SpinLock lock;
    /** Position in the machine's zone list (indexes per-CPU lists). */
    int index;
    private final int sectionShift;
    private byte[][] state = new byte[0][];
    private byte[][] order = new byte[0][];
    private int[][] next = new int[0][];
    private int[][] prev = new int[0][];
    private final int[] freeHead;
    private final int[] freeTail;
    /** Head of the block the last free ended up in, after merging. */
    private int lastFreed = NONE;
    private final long[] freeCount;
    private int frontier;
    private long nrFree;
    private long nrAllocated;
    private long nrIsolated;
    private long nrReported;
    private long nrPcp;
    long watermarkMin;
    long watermarkLow;
    long watermarkHigh;

    public Zone(int node, Type type, long startPfn, int pages, int maxOrder, Coherence coherence) {
        this.node = node;
        this.type = type;
        this.startPfn = startPfn;
        this.pages = pages;
        this.maxOrder = maxOrder;
        this.lock = new SpinLock("node" + node + "." + type.name().toLowerCase() + ".zone_lock", coherence);
        this.sectionShift = Math.max(15, maxOrder - 1);
        this.freeHead = new int[maxOrder];
        this.freeTail = new int[maxOrder];
        this.freeCount = new long[maxOrder];
        java.util.Arrays.fill(freeHead, NONE);
        java.util.Arrays.fill(freeTail, NONE);
        this.nrFree = pages;
    }

    public String name() {
        return "node" + node + "/" + type.name();
    }

    // ---- frame arrays ---------------------------------------------------------------------------

    private void ensureSection(int idx) {
        int s = idx >>> sectionShift;
        if (s >= state.length) {
            int n = s + 1;
            state = java.util.Arrays.copyOf(state, n);
            order = java.util.Arrays.copyOf(order, n);
            next = java.util.Arrays.copyOf(next, n);
            prev = java.util.Arrays.copyOf(prev, n);
        }
        if (state[s] == null) {
            int size = 1 << sectionShift;
            state[s] = new byte[size];
            order[s] = new byte[size];
            next[s] = new int[size];
            prev[s] = new int[size];
        }
    }

    private int mask() {
        return (1 << sectionShift) - 1;
    }

    public byte state(int idx) {
        if (idx >= frontier) {
            return (idx & ((1 << (maxOrder - 1)) - 1)) == 0 ? PageState.BUDDY : PageState.TAIL;
        }
        return state[idx >>> sectionShift][idx & mask()];
    }

    public int order(int idx) {
        if (idx >= frontier) {
            return maxOrder - 1;
        }
        return order[idx >>> sectionShift][idx & mask()];
    }

    private void set(int idx, byte st, int ord) {
        state[idx >>> sectionShift][idx & mask()] = st;
        order[idx >>> sectionShift][idx & mask()] = (byte) ord;
    }

    private void setState(int idx, byte st) {
        state[idx >>> sectionShift][idx & mask()] = st;
    }

    private int next(int idx) {
        return next[idx >>> sectionShift][idx & mask()];
    }

    private int prev(int idx) {
        return prev[idx >>> sectionShift][idx & mask()];
    }

    private void link(int idx, int nxt, int prv) {
        next[idx >>> sectionShift][idx & mask()] = nxt;
        prev[idx >>> sectionShift][idx & mask()] = prv;
    }

    // ---- free lists ---------------------------------------------------------------------------

    private void addFree(int idx, int ord, byte st) {
        addFree(idx, ord, st, false);
    }

    private void addFree(int idx, int ord, byte st, boolean toTail) {
        set(idx, st, ord);
        if (toTail && freeTail[ord] != NONE) {
            int tail = freeTail[ord];
            link(idx, NONE, tail);
            next[tail >>> sectionShift][tail & mask()] = idx;
            freeTail[ord] = idx;
        } else {
            int head = freeHead[ord];
            link(idx, head, NONE);
            if (head != NONE) {
                prev[head >>> sectionShift][head & mask()] = idx;
            } else {
                freeTail[ord] = idx;
            }
            freeHead[ord] = idx;
        }
        freeCount[ord]++;
        if (st == PageState.REPORTED) {
            nrReported += 1L << ord;
        }
    }

    private void removeFree(int idx, int ord) {
        int n = next(idx);
        int p = prev(idx);
        if (p != NONE) {
            next[p >>> sectionShift][p & mask()] = n;
        } else {
            freeHead[ord] = n;
        }
        if (n != NONE) {
            prev[n >>> sectionShift][n & mask()] = p;
        } else {
            freeTail[ord] = p;
        }
        freeCount[ord]--;
        if (state(idx) == PageState.REPORTED) {
            nrReported -= 1L << ord;
        }
    }

    /** Takes the next never-used top-order block. */
    private int carveFrontier() {
        int top = maxOrder - 1;
        if (frontier + (1 << top) > pages) {
            return NONE;
        }
        int idx = frontier;
        ensureSection(idx);
        ensureSection(idx + (1 << top) - 1);
        frontier += 1 << top;
        set(idx, PageState.BUDDY, top);
        return idx;
    }

    /**
     * Allocates a block of {@code 2^ord} frames ({@code __rmqueue_smallest}); returns its zone-relative
     * index, or -1 if no block is free. The caller holds zone->lock.
     */
    public int allocBlock(int ord) {
        int k = ord;
        while (k < maxOrder && freeHead[k] == NONE) {
            k++;
        }
        int idx;
        if (k == maxOrder) {
            idx = carveFrontier();
            if (idx == NONE) {
                return NONE;
            }
            k = maxOrder - 1;
        } else {
            idx = freeHead[k];
            removeFree(idx, k);
        }
        // expand: hand the upper halves back, largest first
        while (k > ord) {
            k--;
            addFree(idx + (1 << k), k, PageState.BUDDY);
        }
        set(idx, PageState.ALLOCATED, ord);
        nrFree -= 1L << ord;
        nrAllocated += 1L << ord;
        return idx;
    }

    /**
     * Frees an allocated block ({@code __free_one_page}): merges it with its buddy while the buddy is a
     * free block of the same order. Returns the order of the block that ends up on a free list.
     */
    public int freeBlock(int idx, int ord) {
        return free(idx, ord, false);
    }

    /**
     * Gives an isolated block back to the buddy lists ({@code __putback_isolated_page} / the seed's
     * {@code release_buddy_pages}): merged as any free, at the tail of its list if {@code toTail}; the
     * caller does not tell the hinting hook, so it is not hinted again for being returned.
     */
    public int putback(int idx, int ord, boolean toTail) {
        if (state(idx) != PageState.ISOLATED) {
            throw new InvariantViolation(name() + ": putting back frame " + idx + " that is " + PageState.name(state(idx)) + ", not isolated");
        }
        return free(idx, ord, toTail);
    }

    private int free(int idx, int ord, boolean toTail) {
        byte st = state(idx);
        if (st != PageState.ALLOCATED && st != PageState.PCP && st != PageState.ISOLATED) {
            throw new InvariantViolation(name() + ": freeing frame " + idx + " in state " + PageState.name(st));
        }
        if (st == PageState.ALLOCATED) {
            nrAllocated -= 1L << ord;
            nrFree += 1L << ord;
        } else if (st == PageState.PCP) {
            nrPcp -= 1; // was already counted free
        } else {
            nrIsolated -= 1L << ord;
            nrFree += 1L << ord;
        }
        while (ord < maxOrder - 1) {
            int buddy = idx ^ (1 << ord);
            if (buddy >= frontier || buddy + (1 << ord) > pages) {
                break;
            }
            byte bs = state(buddy);
            if ((bs != PageState.BUDDY && bs != PageState.REPORTED) || order(buddy) != ord) {
                break;
            }
            removeFree(buddy, ord); // a Reported buddy loses the flag: the merged block is reported anew
            setState(buddy, PageState.TAIL);
            setState(idx, PageState.TAIL);
            idx = Math.min(idx, buddy);
            ord++;
        }
        addFree(idx, ord, PageState.BUDDY, toTail);
        lastFreed = idx;
        return ord;
    }

    /** Head of the free block the last free or putback merged into (for the hinting hook after merging). */
    public int lastFreed() {
        return lastFreed;
    }

    // ---- free page hinting and reporting --------------------------------------------------------

    /** True if {@code idx} heads a free buddy block (reported or not) of exactly {@code ord}. */
    public boolean isFreeBlock(int idx, int ord) {
        if (idx < 0 || idx >= pages) {
            return false;
        }
        byte st = state(idx);
        return (st == PageState.BUDDY || st == PageState.REPORTED) && order(idx) == ord;
    }

    /**
     * {@code __isolate_free_page}: takes a free block off its list for hinting, unless that would leave the
     * zone below its min watermark. Returns false (nothing changed) then. Never-used memory is carved first.
     */
    public boolean isolate(int idx, int ord) {
        if (idx >= frontier) {
            materialize();
        }
        if (!isFreeBlock(idx, ord)) {
            throw new InvariantViolation(name() + ": isolating frame " + idx + " that is not a free order-" + ord + " block");
        }
        if (freePages() <= watermarkMin + (1L << ord)) {
            return false;
        }
        removeFree(idx, ord);
        set(idx, PageState.ISOLATED, ord);
        nrFree -= 1L << ord;
        nrIsolated += 1L << ord;
        return true;
    }

    /** __SetPageReported: a free block the host has been told about. */
    public void markReported(int idx) {
        if (state(idx) != PageState.BUDDY) {
            throw new InvariantViolation(name() + ": marking frame " + idx + " reported while " + PageState.name(state(idx)));
        }
        setState(idx, PageState.REPORTED);
        nrReported += 1L << order(idx);
    }

    /** Head of the free list of {@code ord} (after {@link #materialize()} it holds never-used memory too), or -1. */
    public int freeHead(int ord) {
        return freeHead[ord];
    }

    /** The block after {@code idx} on its free list, or -1. */
    public int freeNext(int idx) {
        return next(idx);
    }

    /** list_rotate_to_front: {@code idx} becomes the head; the blocks before it move, in order, to the tail. */
    public void rotateToFront(int idx, int ord) {
        int head = freeHead[ord];
        if (head == idx || head == NONE) {
            return;
        }
        int before = prev(idx);
        int tail = freeTail[ord];
        next[tail >>> sectionShift][tail & mask()] = head;
        prev[head >>> sectionShift][head & mask()] = tail;
        next[before >>> sectionShift][before & mask()] = NONE;
        prev[idx >>> sectionShift][idx & mask()] = NONE;
        freeHead[ord] = idx;
        freeTail[ord] = before;
    }

    /**
     * Puts the never-used top-order blocks on the free list (at its tail), as boot would have: a reporting
     * worker walks them, so their frames get state. Returns how many blocks it carved.
     */
    public int materialize() {
        int n = 0;
        int idx;
        while ((idx = carveFrontier()) != NONE) {
            addFree(idx, maxOrder - 1, PageState.BUDDY, true);
            n++;
        }
        return n;
    }

    /** Every free block of order {@code minOrder} or more, never-used memory included, as (idx, order). */
    public void forEachFreeBlock(int minOrder, java.util.function.BiConsumer<Integer, Integer> action) {
        for (int k = minOrder; k < maxOrder; k++) {
            for (int idx = freeHead[k]; idx != NONE; idx = next(idx)) {
                action.accept(idx, k);
            }
        }
        int top = maxOrder - 1;
        if (top >= minOrder) {
            for (int idx = frontier; idx + (1 << top) <= pages; idx += 1 << top) {
                action.accept(idx, top);
            }
        }
    }

    /** Frames in free blocks of order {@code minOrder} or more (never-used memory included). */
    public long freePagesAtOrAbove(int minOrder) {
        long n = 0;
        for (int k = minOrder; k < maxOrder; k++) {
            n += freeBlocks(k) << k;
        }
        return n;
    }

    /** split_page: an allocated block of {@code 2^ord} frames becomes that many order-0 allocations. */
    public void split(int idx, int ord) {
        if (state(idx) != PageState.ALLOCATED || order(idx) != ord) {
            throw new InvariantViolation(name() + ": splitting frame " + idx + " that is not an allocated order-" + ord + " block");
        }
        for (int i = 0; i < 1 << ord; i++) {
            set(idx + i, PageState.ALLOCATED, 0);
        }
    }

    /** Moves allocated order-0 frames onto a per-CPU list (they stay free). */
    void toPcp(int idx) {
        setState(idx, PageState.PCP);
        nrAllocated -= 1;
        nrFree += 1;
        nrPcp += 1;
    }

    /** Takes a frame off a per-CPU list for an allocation. */
    void fromPcp(int idx) {
        if (state(idx) != PageState.PCP) {
            throw new InvariantViolation(name() + ": pcp frame " + idx + " is " + PageState.name(state(idx)));
        }
        setState(idx, PageState.ALLOCATED);
        nrPcp -= 1;
        nrFree -= 1;
        nrAllocated += 1;
    }

    /** Frees a frame that sits on a per-CPU list back into the buddy lists; returns the merged order. */
    int pcpToBuddy(int idx) {
        return freeBlock(idx, 0);
    }

    // ---- counters and checks ------------------------------------------------------------------

    /** Free frames counted as NR_FREE_PAGES (buddy lists, never-used memory; not per-CPU lists). */
    public long freePages() {
        return nrFree - nrPcp;
    }

    public long pcpPages() {
        return nrPcp;
    }

    public long allocatedPages() {
        return nrAllocated;
    }

    public long isolatedPages() {
        return nrIsolated;
    }

    public long reportedPages() {
        return nrReported;
    }

    public long freeBlocks(int ord) {
        long n = freeCount[ord];
        if (ord == maxOrder - 1) {
            n += (pages - frontier) >> (maxOrder - 1);
        }
        return n;
    }

    public long watermarkMin() {
        return watermarkMin;
    }

    public long watermarkLow() {
        return watermarkLow;
    }

    public long watermarkHigh() {
        return watermarkHigh;
    }

    /** zone_watermark_ok: enough free frames above the mark, and a free block of at least {@code ord}. */
    public boolean watermarkOk(int ord, long mark) {
        if (freePages() - (1L << ord) < mark) {
            return false;
        }
        for (int k = ord; k < maxOrder; k++) {
            if (freeBlocks(k) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Frames of the zone that hold state arrays (the heap the zone costs, in frames). */
    public long trackedFrames() {
        long n = 0;
        for (byte[] s : state) {
            if (s != null) {
                n += s.length;
            }
        }
        return n;
    }

    /**
     * Conservation: walks every frame handed out so far and checks that each belongs to exactly one block
     * and that free + allocated + isolated = managed frames, and that the free lists hold what the frame
     * states say.
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        long free = 0;
        long pcp = 0;
        long alloc = 0;
        long iso = 0;
        long reported = 0;
        long[] blocks = new long[maxOrder];
        int idx = 0;
        while (idx < frontier) {
            byte st = state(idx);
            int ord = order(idx);
            if (st == PageState.TAIL) {
                problems.add(name() + ": frame " + idx + " belongs to no block (lost)");
                break;
            }
            if ((idx & ((1 << ord) - 1)) != 0) {
                problems.add(name() + ": block at " + idx + " of order " + ord + " is misaligned");
                break;
            }
            switch (st) {
                case PageState.BUDDY, PageState.REPORTED -> {
                    free += 1L << ord;
                    blocks[ord]++;
                    if (st == PageState.REPORTED) {
                        reported += 1L << ord;
                    }
                }
                case PageState.PCP -> pcp++;
                case PageState.ALLOCATED -> alloc += 1L << ord;
                case PageState.ISOLATED -> iso += 1L << ord;
                default -> problems.add(name() + ": frame " + idx + " has unknown state " + st);
            }
            idx += 1 << ord;
        }
        long untouched = pages - frontier;
        if (free + pcp + alloc + iso + untouched != pages) {
            problems.add(String.format("%s: free %d + pcp %d + allocated %d + isolated %d + never used %d != managed %d",
                    name(), free, pcp, alloc, iso, untouched, pages));
        }
        if (alloc != nrAllocated || iso != nrIsolated || pcp != nrPcp || free + pcp + untouched != nrFree) {
            problems.add(String.format("%s: counters (free %d, pcp %d, allocated %d, isolated %d) disagree with frames (free %d, pcp %d, allocated %d, isolated %d)",
                    name(), nrFree, nrPcp, nrAllocated, nrIsolated, free + pcp + untouched, pcp, alloc, iso));
        }
        if (reported != nrReported) {
            problems.add(name() + ": " + nrReported + " frames counted reported, frames say " + reported);
        }
        for (int k = 0; k < maxOrder; k++) {
            if (blocks[k] != freeCount[k]) {
                problems.add(name() + ": free list of order " + k + " holds " + freeCount[k] + " blocks, frames say " + blocks[k]);
            }
        }
        return problems;
    }
}
