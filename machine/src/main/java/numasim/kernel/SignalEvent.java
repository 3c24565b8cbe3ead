package numasim.kernel;

import numasim.sim.Event;

/** Signals. */
public enum SignalEvent implements Event {
    DELIVERED("signal:delivered", Unit.EVENTS, "signals delivered to a user handler");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    SignalEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    SignalEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    SignalEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
