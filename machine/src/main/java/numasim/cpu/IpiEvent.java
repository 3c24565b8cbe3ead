package numasim.cpu;

import numasim.sim.Event;

/** Inter-processor interrupts: TLB-flush and reschedule IPIs sent and received. */
public enum IpiEvent implements Event {
    SENT("ipi:sent", Unit.EVENTS, "IPIs sent (TLB flush and reschedule)"),
    RECEIVED("ipi:received", Unit.EVENTS, "IPIs handled by their target"),
    RESCHED("ipi:resched", Unit.EVENTS, "reschedule IPIs sent to wake a task on an idle CPU"),
    TLB_FLUSH("ipi:tlb_flush", Unit.EVENTS, "TLB-flush IPIs sent by shootdowns");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;

    IpiEvent(String key, Unit unit, String description) {
        this(key, unit, description, false);
    }

    IpiEvent(String key, Unit unit, String description, boolean perNode) {
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
