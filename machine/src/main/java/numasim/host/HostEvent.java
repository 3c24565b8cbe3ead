package numasim.host;

import numasim.sim.Event;

/** The host behind a guest's memory. */
public enum HostEvent implements Event {
    EPT_FAULTS("host:ept_faults", Unit.EVENTS, "guest touches of unbacked memory: EPT violations the host backed"),
    DISCARDED_PAGES("host:discarded_pages", Unit.PAGES, "guest pages whose backing the host discarded after a report"),
    DISCARD_INHIBITED("host:discard_inhibited", Unit.PAGES, "reported pages kept backed because ballooning is inhibited"),
    SWAP_OUT("host:swap_out", Unit.PAGES, "guest pages the host swapped out"),
    SWAP_IN("host:swap_in", Unit.PAGES, "guest pages the host swapped back in on a touch");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;

    HostEvent(String key, Unit unit, String description) {
        this(key, unit, description, false);
    }

    HostEvent(String key, Unit unit, String description, boolean perNode) {
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
