package numasim.cpu;

import numasim.sim.Event;

/** What the host did to the guest's vCPUs (KVM's halt_exits, steal time). */
public enum KvmEvent implements Event {
    HALT_EXITS(Info.of("kvm:halt_exits", Unit.EVENTS, "a guest CPU went idle and its HLT exited to the host")),
    HALT_POLL_WAKEUPS(Info.of("kvm:halt_successful_poll", Unit.EVENTS, "a halted vCPU was woken while the host still polled for it (no trip through the host scheduler)")),
    HOST_WAKEUPS(Info.of("kvm:halt_wakeup", Unit.EVENTS, "a halted vCPU the host had scheduled out was woken through the host scheduler")),
    PREEMPTIONS(Info.of("kvm:host_preemptions", Unit.EVENTS, "the host's CFS switched a runnable vCPU out for another host thread")),
    STEAL(Info.of("kvm:steal_ns", Unit.NS, "time vCPUs were runnable while the host ran something else (/proc/stat steal)"));

    private final Info info;

    KvmEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
