package numasim.vm;

import numasim.sim.Event;

/** Page-cache look-ups and disk reads. */
public enum PageCacheEvent implements Event {
    HIT(Info.of("pagecache:hit", Unit.PAGES, "page-cache look-ups that found the page")),
    MISS(Info.of("pagecache:miss", Unit.PAGES, "page-cache look-ups that did not")),
    DISK_READ(new Info("pagecache:disk_read", Unit.PAGES, "pages read from a disk file (the reader slept)", false, null, "pgmajfault"));

    private final Info info;

    PageCacheEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
