package numasim.vm;

import numasim.sim.Event;

/** madvise guard regions. */
public enum GuardEvent implements Event {
    INSTALLED_PAGES("guard:installed_pages", Unit.PAGES, "guard markers installed"),
    INSTALL_ZAPS("guard:install_zaps", Unit.EVENTS, "install walks that met a populated entry and zapped the range"),
    INSTALL_RESTARTS("guard:install_restarts", Unit.EVENTS, "installs that gave up after the retries and restarted the call");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    GuardEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    GuardEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    GuardEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
