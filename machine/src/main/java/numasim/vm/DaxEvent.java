package numasim.vm;

import numasim.sim.Event;

/** DAX device pages. */
public enum DaxEvent implements Event {
    REFCOUNT_OPS("dax:refcount_ops", Unit.EVENTS, "page reference-count changes on device pages"),
    TRUNCATE_LIVE_ENTRY_WARNINGS("dax:truncate_live_entry_warnings", Unit.EVENTS, "truncate found a device page still referenced (a warning; deleted all the same)");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    DaxEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    DaxEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    DaxEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
