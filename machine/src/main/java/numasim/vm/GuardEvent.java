package numasim.vm;

import numasim.sim.Event;

/** madvise guard regions. */
public enum GuardEvent implements Event {
    INSTALLED_PAGES(Info.of("guard:installed_pages", Unit.PAGES, "guard markers installed")),
    INSTALL_ZAPS(Info.of("guard:install_zaps", Unit.EVENTS, "install walks that met a populated entry and zapped the range")),
    INSTALL_RESTARTS(Info.of("guard:install_restarts", Unit.EVENTS, "installs that gave up after the retries and restarted the call"));

    private final Info info;

    GuardEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
