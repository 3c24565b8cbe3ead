package numasim.hinting;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import numasim.boot.Core;

import numasim.cpu.Task;
import numasim.mm.PageState;
import numasim.mm.Zone;
import numasim.topology.Cost;

/**
 * Free page hinting with bitmaps, as the v10 series (seed 002) does it: a bitmap per zone, one bit per
 * 2^order frames from the zone's first pfn, set by a hook after buddy merging when a block of at least
 * that order becomes free; a per-bitmap count of bits set that, at the backend's {@code max_pages}, queues
 * one work item on the freeing CPU; the work scans each bitmap whose count reached the threshold from
 * start to end, isolates blocks still free at that order, hints them synchronously in batches of
 * {@code max_pages}, and frees them back without setting bits again.
 *
 * <p>{@code v10} keeps the seed's indexing: set-up fills {@code bm_zone[]} in for_each_populated_zone order
 * (every zone of every node) while the hook and the work index it by zone number only, so only zones
 * whose set-up slot matches their zone number are hinted and a second node's memory falls outside every
 * bitmap. The NUMA fix indexes by node x zone number. The count is the seed's too: it can go negative
 * after a scan finds more bits than it was queued for.
 */
public final class BitmapHinting extends FreePageHinting {
    /** MAX_NR_ZONES of an x86-64 distribution kernel: DMA, DMA32, NORMAL, MOVABLE, DEVICE. */
    public static final int MAX_NR_ZONES = 5;

    /** One {@code struct hinting_bitmap}. */
    static final class Slot {
        final Zone zone;
        final BitSet bits = new BitSet();
        final long basePfn;
        final long nbits;
        /** atomic_t free_pages: bits set since the last scan (may go negative, as in the seed). */
        int freePages;

        Slot(Zone zone, int order) {
            this.zone = zone;
            this.basePfn = zone.startPfn;
            // the seed's find_bitmap_size: ALIGN(spanned, PAGE_HINTING_MIN_ORDER) >> PAGE_HINTING_MIN_ORDER
            long spanned = zone.pages;
            this.nbits = ((spanned + order - 1) / order * order) >> order;
        }
    }

    private final boolean numaFix;
    private final int maxPages;
    private final Slot[] slots;

    public BitmapHinting(Core core, int order, Balloon balloon, boolean numaFix, int maxPages) {
        super(core, order, balloon);
        this.numaFix = numaFix;
        this.maxPages = maxPages;
        this.slots = new Slot[numaFix ? core.sched().topology().nodes() * MAX_NR_ZONES : MAX_NR_ZONES];
    }

    @Override
    public String variant() {
        return numaFix ? "bitmap-numa" : "bitmap-v10";
    }

    /** page_hinting_enable: a bitmap for every populated zone. */
    @Override
    public void enable() {
        int idx = 0;
        for (Zone z : zonesInOrder()) {
            if (numaFix) {
                slots[z.node * MAX_NR_ZONES + z.type.zoneNum()] = new Slot(z, order);
            } else if (idx < MAX_NR_ZONES) {
                slots[idx++] = new Slot(z, order);
            } else {
                // the seed writes past bm_zone[]; the model drops the zone and says so
                counters.add(HintingEvent.BM_ZONE_OVERFLOW, 1);
                idx++;
            }
        }
    }

    /** The slot the hook and the work use for a zone: by zone number only (v10), or by node and zone. */
    private Slot slotOf(Zone z) {
        return numaFix ? slots[z.node * MAX_NR_ZONES + z.type.zoneNum()] : slots[z.type.zoneNum()];
    }

    /** page_hinting_enqueue + bm_set_pfn + check_hinting_threshold. */
    @Override
    public void freed(Task t, Zone z, int idx, int ord) {
        noteFree(z, idx, ord);
        if (ord < order) {
            return;
        }
        Slot s = slotOf(z);
        if (s == null) {
            counters.add(HintingEvent.OUTSIDE_BITMAPS, 1);
            return;
        }
        long bitnr = (z.startPfn + idx - s.basePfn) >>> order; // unsigned, as pfns are
        if (Long.compareUnsigned(bitnr, s.nbits) >= 0 || (z.startPfn + idx) < s.basePfn) {
            counters.add(HintingEvent.OUTSIDE_BITMAPS, 1);
            return;
        }
        if (!s.bits.get((int) bitnr)) {
            s.bits.set((int) bitnr);
            s.freePages++;
        }
        for (Slot x : slots) {
            if (x != null && x.freePages >= maxPages) {
                queueWork(t.cpu(), t.cursor());
                return;
            }
        }
    }

    /** init_hinting_wq: scan every bitmap whose count reached max_pages. */
    @Override
    protected void work(Task w, Runnable done) {
        nextSlot(w, 0, done);
    }

    private void nextSlot(Task w, int i, Runnable done) {
        for (; i < slots.length; i++) {
            Slot s = slots[i];
            if (s != null && s.freePages >= maxPages) {
                int free = s.freePages;
                s.freePages -= free;
                int next = i + 1;
                new Scan(w, s, free, () -> nextSlot(w, next, done)).step(0);
                return;
            }
        }
        done.run();
    }

    /** scan_hinting_bitmap of one slot. */
    private final class Scan {
        final Task w;
        final Slot s;
        final int free;
        final Runnable k;
        final List<long[]> batch = new ArrayList<>();
        int scanned;

        Scan(Task w, Slot s, int free, Runnable k) {
            this.w = w;
            this.s = s;
            this.free = free;
            this.k = k;
        }

        void step(long start) {
            int bit = s.bits.nextSetBit((int) start);
            if (bit < 0 || bit >= s.nbits) {
                w.sys(scanNs((s.nbits - start + 63) / 64));
                finish();
                return;
            }
            w.sys(scanNs((bit - start) / 64 + 1));
            w.sync(() -> {
                long pfn = s.basePfn + ((long) bit << order);
                Zone z = mem.zoneOf(pfn);
                int idx = (int) (pfn - z.startPfn);
                byte st = z.state(idx);
                int ord = z.order(idx);
                boolean isolated = false;
                if ((st == PageState.BUDDY || st == PageState.REPORTED) && ord >= order) {
                    isolated = z.isolate(idx, ord);
                }
                s.bits.clear(bit);
                w.sysUntil(z.lock.lock(w.cpu(), w.cursor(), costs.ns(Cost.BUDDY_PAGE)));
                scanned++;
                if (isolated) {
                    isolated(1L << ord);
                    batch.add(new long[] {pfn, ord});
                    if (batch.size() == maxPages) {
                        hintAndRelease(() -> step(bit + 1L));
                        return;
                    }
                }
                step(bit + 1L);
            });
        }

        /** hint_pages, then release_buddy_pages: back to the buddy, merged, with no bit set. */
        void hintAndRelease(Runnable then) {
            report(w, batch, () -> w.sync(() -> {
                for (long[] b : batch) {
                    Zone z = mem.zoneOf(b[0]);
                    z.putback((int) (b[0] - z.startPfn), (int) b[1], false);
                    returned(1L << b[1]);
                    w.sysUntil(z.lock.lock(w.cpu(), w.cursor(), costs.ns(Cost.BUDDY_PAGE)));
                }
                batch.clear();
                then.run();
            }));
        }

        void finish() {
            Runnable end = () -> {
                if (scanned > free) {
                    s.freePages -= scanned - free;
                }
                k.run();
            };
            if (batch.isEmpty()) {
                end.run();
            } else {
                hintAndRelease(end);
            }
        }
    }
}
