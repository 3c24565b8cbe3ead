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
    private final String perf;
    private final String vmstat;

    HostEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    HostEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    HostEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
