package numasim.vm;

import numasim.sim.Event;

/** DAX device pages. */
public enum DaxEvent implements Event {
    REFCOUNT_OPS(Info.of("dax:refcount_ops", Unit.EVENTS, "page reference-count changes on device pages")),
    TRUNCATE_LIVE_ENTRY_WARNINGS(Info.of("dax:truncate_live_entry_warnings", Unit.EVENTS, "truncate found a device page still referenced (a warning; deleted all the same)"));

    private final Info info;

    DaxEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
