package numasim.hinting;

import numasim.boot.Core;
import numasim.host.GuestMemory;
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
    public static FreePageHinting create(String variant, int order, Core core, GuestMemory guest) {
        if (variant.equals("none")) {
            return null;
        }
        Balloon balloon = new Balloon(core.sim(), core.sched(), core.costs(), guest, core.mem());
        FreePageHinting h = switch (variant) {
            case "bitmap-v10" -> new BitmapHinting(core, order, balloon, false, BITMAP_MAX_PAGES);
            case "bitmap-numa" -> new BitmapHinting(core, order, balloon, true, BITMAP_MAX_PAGES);
            case "reporting" -> new PageReporting(core, order, balloon);
            default -> throw new IllegalArgumentException("unknown hinting variant " + variant);
        };
        core.mem().setFreeHook(h);
        h.enable();
        return h;
    }
}
