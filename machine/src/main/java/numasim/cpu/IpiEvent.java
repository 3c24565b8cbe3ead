package numasim.cpu;

import numasim.sim.Event;

/** Inter-processor interrupts: TLB-flush and reschedule IPIs sent and received. */
public enum IpiEvent implements Event {
    SENT(new Info("ipi:sent", Unit.EVENTS, "IPIs sent (TLB flush, reschedule and call-function)", false, "ipi-sent", null)),
    RECEIVED(new Info("ipi:received", Unit.EVENTS, "IPIs handled by their target", false, "ipi-received", null)),
    RESCHED(Info.of("ipi:resched", Unit.EVENTS, "reschedule IPIs sent to wake a task on an idle CPU")),
    CALL_FUNCTION(Info.of("ipi:call_function", Unit.EVENTS, "call-function IPIs sent by smp_call_function_single")),
    TLB_FLUSH(new Info("ipi:tlb_flush", Unit.EVENTS, "TLB-flush IPIs sent by shootdowns, one per target CPU that flushes", false, null, "nr_tlb_remote_flush_received"));

    private final Info info;

    IpiEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
