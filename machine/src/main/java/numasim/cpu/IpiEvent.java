package numasim.cpu;

import numasim.sim.Event;

/** Inter-processor interrupts: TLB-flush and reschedule IPIs sent and received. */
public enum IpiEvent implements Event {
    SENT("ipi:sent", Unit.EVENTS, "IPIs sent (TLB flush and reschedule)", false, "ipi-sent", null),
    RECEIVED("ipi:received", Unit.EVENTS, "IPIs handled by their target", false, "ipi-received", null),
    RESCHED("ipi:resched", Unit.EVENTS, "reschedule IPIs sent to wake a task on an idle CPU"),
    TLB_FLUSH("ipi:tlb_flush", Unit.EVENTS, "TLB-flush IPIs sent by shootdowns, one per target CPU that flushes", false, null, "nr_tlb_remote_flush_received");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    IpiEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    IpiEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    IpiEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
