package numasim.vm;

import numasim.sim.Event;

/** Page-cache look-ups and disk reads. */
public enum PageCacheEvent implements Event {
    HIT("pagecache:hit", Unit.PAGES, "page-cache look-ups that found the page"),
    MISS("pagecache:miss", Unit.PAGES, "page-cache look-ups that did not"),
    DISK_READ("pagecache:disk_read", Unit.PAGES, "pages read from a disk file (the reader slept)");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;

    PageCacheEvent(String key, Unit unit, String description) {
        this(key, unit, description, false);
    }

    PageCacheEvent(String key, Unit unit, String description, boolean perNode) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.perNode = perNode;
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
}
