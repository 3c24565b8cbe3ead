package numasim.kernel;

import numasim.sim.Event;

/** Signals. */
public enum SignalEvent implements Event {
    DELIVERED(Info.of("signal:delivered", Unit.EVENTS, "signals delivered to a user handler"));

    private final Info info;

    SignalEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
