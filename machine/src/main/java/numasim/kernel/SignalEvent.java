package numasim.kernel;

import numasim.sim.Event;

/** Signals. */
public enum SignalEvent implements Event {
    DELIVERED("signal:delivered", Unit.EVENTS, "signals delivered to a user handler");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;

    SignalEvent(String key, Unit unit, String description) {
        this(key, unit, description, false);
    }

    SignalEvent(String key, Unit unit, String description, boolean perNode) {
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
