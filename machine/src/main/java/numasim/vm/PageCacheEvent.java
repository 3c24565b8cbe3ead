package numasim.vm;

import numasim.sim.Event;

/** Page-cache look-ups and disk reads. */
public enum PageCacheEvent implements Event {
    HIT("pagecache:hit", Unit.PAGES, "page-cache look-ups that found the page"),
    MISS("pagecache:miss", Unit.PAGES, "page-cache look-ups that did not"),
    DISK_READ("pagecache:disk_read", Unit.PAGES, "pages read from a disk file (the reader slept)", false, null, "pgmajfault");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    PageCacheEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    PageCacheEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    PageCacheEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
