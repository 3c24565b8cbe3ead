package numasim.hinting;

import numasim.sim.Event;

/** Free page hinting and reporting to the host. */
public enum HintingEvent implements Event {
    REPORTED_BLOCKS("hinting:reported_blocks", Unit.BLOCKS, "free blocks hinted or reported to the host"),
    REPORTED_PAGES("hinting:reported_pages", Unit.PAGES, "base pages in the blocks hinted or reported"),
    OUTSIDE_BITMAPS("hinting:outside_bitmaps", Unit.BLOCKS, "freed blocks the seed's zone-number indexing put outside every bitmap"),
    BM_ZONE_OVERFLOW("hinting:bm_zone_overflow", Unit.EVENTS, "populated zones beyond bm_zone[MAX_NR_ZONES] (the seed writes past the array)");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    HintingEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    HintingEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    HintingEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.perNode = perNode;
        this.perf = perf;
        this.vmstat = vmstat;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean perNode() {
        return perNode;
    }

    @Override
    public String perfLabel() {
        return perf;
    }

    @Override
    public String vmstat() {
        return vmstat;
    }
}
