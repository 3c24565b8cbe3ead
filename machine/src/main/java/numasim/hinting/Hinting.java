package numasim.hinting;

import numasim.cpu.Scheduler;
import numasim.host.GuestMemory;
import numasim.mm.PhysMem;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.topology.Costs;
import numasim.topology.MachineSpec;

/** Builds the hinting variant a kernel was booted with. */
public final class Hinting {
    /** The bitmap backend's max_pages: hints go to the host 16 blocks at a time. */
    public static final int BITMAP_MAX_PAGES = 16;

    private Hinting() {
    }

    /** The default smallest hinted order: MAX_ORDER-2 for the bitmaps, pageblock_order for reporting. */
    public static int defaultOrder(String variant, MachineSpec spec) {
        return variant.equals("reporting") || variant.equals("none") ? spec.pageblockOrder() : spec.maxOrder() - 2;
    }

    /** The variant, enabled (boot: the balloon driver registers), or null for {@code none}. */
    public static FreePageHinting create(String variant, int order, Sim sim, Scheduler sched, PhysMem mem, Costs costs, Counters counters,
            GuestMemory guest, int nodes) {
        if (variant.equals("none")) {
            return null;
        }
        Balloon balloon = new Balloon(sim, sched, costs, guest, mem);
        FreePageHinting h = switch (variant) {
            case "bitmap-v10" -> new BitmapHinting(sim, sched, mem, costs, counters, order, balloon, nodes, false, BITMAP_MAX_PAGES);
            case "bitmap-numa" -> new BitmapHinting(sim, sched, mem, costs, counters, order, balloon, nodes, true, BITMAP_MAX_PAGES);
            case "reporting" -> new PageReporting(sim, sched, mem, costs, counters, order, balloon, nodes);
            default -> throw new IllegalArgumentException("unknown hinting variant " + variant);
        };
        mem.setFreeHook(h);
        h.enable();
        return h;
    }
}
