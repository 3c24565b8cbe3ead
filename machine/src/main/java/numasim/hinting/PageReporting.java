package numasim.hinting;

import java.util.ArrayList;
import java.util.List;
import numasim.boot.Core;

import numasim.cpu.Task;
import numasim.mm.PageState;
import numasim.mm.Zone;
import numasim.topology.Cost;

/**
 * Free page reporting as merged in Linux 5.7 (mm/page_reporting.c): a free of a block of at least
 * pageblock order requests a pass (IDLE -> REQUESTED schedules the one delayed work 2 s later); the
 * pass walks every zone of every node whose free memory exceeds the low watermark plus a full batch,
 * each order's free list with a budget of a sixteenth of the list plus one batch, skipping Reported
 * blocks, isolating the rest 32 at a time, rotating the list so the next unreported block leads, and
 * reporting with zone->lock dropped; blocks come back at the tail of their list, Reported if they did
 * not merge. Out of budget, the pass asks for another 2 s later.
 */
public final class PageReporting extends FreePageHinting {
    public static final int CAPACITY = 32;
    public static final double DELAY_NS = 2e9;

    private enum State { IDLE, REQUESTED, ACTIVE }

    private State state = State.IDLE;

    public PageReporting(Core core, int order, Balloon balloon) {
        super(core, order, balloon);
    }

    @Override
    public String variant() {
        return "reporting";
    }

    /** page_reporting_register: the first pass is requested at once. */
    @Override
    public void enable() {
        request(0, 0);
    }

    @Override
    public boolean busy() {
        return super.busy() || state != State.IDLE;
    }

    /** page_reporting_notify_free, after merging. */
    @Override
    public void freed(Task t, Zone z, int idx, int ord) {
        noteFree(z, idx, ord);
        if (ord < order) {
            return;
        }
        request(t.cpu(), t.cursor());
    }

    /** __page_reporting_request. */
    private void request(int cpu, double at) {
        if (state == State.REQUESTED) {
            return;
        }
        State old = state;
        state = State.REQUESTED;
        if (old != State.IDLE) {
            return;
        }
        queueDelayedWork(cpu, at, DELAY_NS);
    }

    /** page_reporting_process. */
    @Override
    protected void work(Task w, Runnable done) {
        state = State.ACTIVE;
        List<Zone> zones = zonesInOrder();
        processZones(w, zones, 0, () -> {
            // atomic_cmpxchg(ACTIVE -> IDLE): a request during the pass runs another one in 2 s
            if (state == State.ACTIVE) {
                state = State.IDLE;
            } else {
                queueDelayedWork(w.cpu(), w.cursor(), DELAY_NS);
            }
            done.run();
        });
    }

    private void processZones(Task w, List<Zone> zones, int i, Runnable k) {
        if (i == zones.size()) {
            k.run();
            return;
        }
        new ZonePass(w, zones.get(i), () -> processZones(w, zones, i + 1, k)).start();
    }

    /** page_reporting_process_zone, with page_reporting_cycle for each order. */
    private final class ZonePass {
        final Task w;
        final Zone z;
        final Runnable k;
        final List<long[]> sgl = new ArrayList<>();
        long budget;

        ZonePass(Task w, Zone z, Runnable k) {
            this.w = w;
            this.z = z;
            this.k = k;
        }

        void start() {
            long watermark = z.watermarkLow() + ((long) CAPACITY << order);
            if (z.freePages() <= watermark) {
                k.run();
                return;
            }
            z.materialize(); // memory never used since boot sits on the free lists too
            cycle(order);
        }

        void cycle(int ord) {
            if (ord >= z.maxOrder) {
                leftover();
                return;
            }
            budget = (z.freeBlocks(ord) + CAPACITY * 16L - 1) / (CAPACITY * 16L);
            w.sync(() -> walk(ord));
        }

        /** Walks the list of {@code ord} from its head, under zone->lock, until a report or its end. */
        void walk(int ord) {
            double hold = 0;
            int page = z.freeHead(ord);
            int stop = -1;
            while (page >= 0) {
                int next = z.freeNext(page);
                hold += costs.ns(Cost.MEM_LOCAL); // each struct page visited is a cache miss
                if (z.state(page) == PageState.REPORTED) {
                    page = next;
                    continue;
                }
                if (budget < 0) {
                    state = State.REQUESTED;
                    stop = page;
                    break;
                }
                if (sgl.size() < CAPACITY) {
                    if (!z.isolate(page, ord)) {
                        stop = page;
                        break;
                    }
                    hold += costs.ns(Cost.BUDDY_PAGE);
                    isolated(1L << ord);
                    sgl.add(new long[] {z.startPfn + page, ord});
                    page = next;
                    continue;
                }
                // a full batch: this unreported block leads the list while the lock is dropped
                z.rotateToFront(page, ord);
                w.sysUntil(z.lock.lock(w.cpu(), w.cursor(), hold));
                report(w, sgl, () -> w.sync(() -> {
                    budget--;
                    drain();
                    walk(ord);
                }));
                return;
            }
            if (stop >= 0 && stop != z.freeHead(ord)) {
                z.rotateToFront(stop, ord);
            }
            w.sysUntil(z.lock.lock(w.cpu(), w.cursor(), hold));
            cycle(ord + 1);
        }

        /** page_reporting_drain: back at the tail, Reported unless merged into a larger block. */
        void drain() {
            double hold = 0;
            for (long[] b : sgl) {
                int idx = (int) (b[0] - z.startPfn);
                int ord = (int) b[1];
                z.putback(idx, ord, true);
                returned(1L << ord);
                if (z.state(idx) == PageState.BUDDY && z.order(idx) == ord) {
                    z.markReported(idx);
                }
                hold += costs.ns(Cost.BUDDY_PAGE);
            }
            sgl.clear();
            w.sysUntil(z.lock.lock(w.cpu(), w.cursor(), hold));
        }

        /** The partial batch left at the end of the zone is reported before moving on. */
        void leftover() {
            if (sgl.isEmpty()) {
                k.run();
                return;
            }
            report(w, sgl, () -> w.sync(() -> {
                drain();
                k.run();
            }));
        }
    }
}
