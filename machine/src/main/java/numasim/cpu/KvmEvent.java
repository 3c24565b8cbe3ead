package numasim.cpu;

import numasim.sim.Event;

/** What the host did to the guest's vCPUs (KVM's halt_exits, steal time). */
public enum KvmEvent implements Event {
    HALT_EXITS("kvm:halt_exits", Unit.EVENTS, "a guest CPU went idle and its HLT exited to the host"),
    HALT_POLL_WAKEUPS("kvm:halt_successful_poll", Unit.EVENTS, "a halted vCPU was woken while the host still polled for it (no trip through the host scheduler)"),
    HOST_WAKEUPS("kvm:halt_wakeup", Unit.EVENTS, "a halted vCPU the host had scheduled out was woken through the host scheduler"),
    PREEMPTIONS("kvm:host_preemptions", Unit.EVENTS, "the host's CFS switched a runnable vCPU out for another host thread"),
    STEAL("kvm:steal_ns", Unit.NS, "time vCPUs were runnable while the host ran something else (/proc/stat steal)");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    KvmEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    KvmEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    KvmEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
