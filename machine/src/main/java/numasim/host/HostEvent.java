package numasim.host;

import numasim.sim.Event;

/** The host behind a guest's memory. */
public enum HostEvent implements Event {
    EPT_FAULTS(Info.of("host:ept_faults", Unit.EVENTS, "guest touches of unbacked memory: EPT violations the host backed")),
    DISCARDED_PAGES(Info.of("host:discarded_pages", Unit.PAGES, "guest pages whose backing the host discarded after a report")),
    DISCARD_INHIBITED(Info.of("host:discard_inhibited", Unit.PAGES, "reported pages kept backed because ballooning is inhibited")),
    SWAP_OUT(Info.of("host:swap_out", Unit.PAGES, "guest pages the host swapped out")),
    SWAP_IN(Info.of("host:swap_in", Unit.PAGES, "guest pages the host swapped back in on a touch"));

    private final Info info;

    HostEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
