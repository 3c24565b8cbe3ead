package numasim.cpu;

import numasim.coherence.Coherence;
import numasim.sim.Sim;
import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * smp_call_function_single(cpu, func, wait=1): the caller sends a call-function IPI (an exit in a guest
 * without PV IPI), the target takes the interrupt when it next runs (waking first if idle), runs the
 * function and releases the call's csd lock, whose line the waiting caller then reads. The caller's
 * cursor ends at that acknowledgement.
 */
public final class SmpCall {
    private final Sim sim;
    private final Scheduler sched;
    private final Coherence coherence;
    private final double ipiHandle;
    private final double vmExit;
    private final boolean postedInterrupts;

    public SmpCall(Sim sim, Scheduler sched, Coherence coherence, Costs costs) {
        this.sim = sim;
        this.sched = sched;
        this.coherence = coherence;
        this.ipiHandle = costs.ns(Cost.IPI_HANDLE);
        this.vmExit = costs.ns(Cost.VM_EXIT);
        var kvm = sched.topology().spec().kvm();
        this.postedInterrupts = kvm == null || kvm.postedInterrupts();
    }

    /** Runs a function of {@code funcNs} on CPU {@code target} from {@code caller} and waits for it. */
    public void callSingle(Task caller, int target, double funcNs) {
        if (target == caller.cpu) {
            caller.sys(funcNs);
            return;
        }
        Ipi ipi = sched.ipi();
        caller.sys(ipi.sendCost());
        ipi.sent(Ipi.Kind.CALL_FUNCTION);
        caller.sysUntil(deliver(caller.cpu, target, caller.cursor, funcNs, () -> { }));
    }

    /**
     * One IPI sent from CPU {@code from} at {@code sentAt} (its send cost already paid): it arrives after the
     * delivery latency by distance; an idle target wakes first, a preempted vCPU takes it when the host runs
     * it; the target's handler (entry, {@code workNs} of work, an exit without posted interrupts) runs as
     * interrupt time, and {@code onTarget} happens there then. Returns when the sender sees the
     * acknowledgement: the handler's end plus the transfer of its line back.
     */
    double deliver(int from, int target, double sentAt, double workNs, Runnable onTarget) {
        Ipi ipi = sched.ipi();
        double arrival = sentAt + ipi.latency(from, target);
        Cpu cpu = sched.cpu(target);
        Vcpu vcpu = sched.vcpu(target);
        boolean idle = cpu.current() == null;
        double handled = idle ? sched.resumeIdle(target, arrival) : sched.runningAt(target, arrival);
        double handle = ipiHandle + workNs + (vcpu != null && !postedInterrupts ? vmExit : 0);
        sim.at(handled, () -> {
            ipi.received();
            cpu.chargeIrq(handle);
            onTarget.run();
        });
        double done = sched.advance(target, handled, handle);
        if (idle) {
            sched.haltAfter(target, done);
        }
        return done + coherence.transfer(target, from);
    }
}
