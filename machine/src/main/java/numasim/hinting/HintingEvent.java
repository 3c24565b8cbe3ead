package numasim.hinting;

import numasim.sim.Event;

/** Free page hinting and reporting to the host. */
public enum HintingEvent implements Event {
    REPORTED_BLOCKS(Info.of("hinting:reported_blocks", Unit.BLOCKS, "free blocks hinted or reported to the host")),
    REPORTED_PAGES(Info.of("hinting:reported_pages", Unit.PAGES, "base pages in the blocks hinted or reported")),
    OUTSIDE_BITMAPS(Info.of("hinting:outside_bitmaps", Unit.BLOCKS, "freed blocks the seed's zone-number indexing put outside every bitmap")),
    BM_ZONE_OVERFLOW(Info.of("hinting:bm_zone_overflow", Unit.EVENTS, "populated zones beyond bm_zone[MAX_NR_ZONES] (the seed writes past the array)"));

    private final Info info;

    HintingEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
