package numasim.cpu;

import nl.tudelft.simulation.jstats.streams.StreamInterface;
import numasim.sim.Counters;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.topology.Topology;

/**
 * Inter-processor interrupts: what sending one costs the sender (a VM exit per destination in a guest),
 * how long delivery takes by distance, and the count of those sent and handled ({@link IpiEvent}: this
 * class is their one owner; TLB shootdowns and wake-ups both send through it).
 */
public final class Ipi {
    /** Why an IPI is sent. */
    public enum Kind {
        /** A TLB flush (flush_tlb_others). */
        TLB_FLUSH,
        /** A wake-up of an idle CPU (smp_send_reschedule). */
        RESCHEDULE,
        /** A function to run there (smp_call_function_single). */
        CALL_FUNCTION
    }

    private final Topology topo;
    private final Costs costs;
    private final StreamInterface stream;
    private final long[] sent;
    private final long[] received;
    private final long[] resched;
    private final long[] tlb;
    private final long[] call;
    private final boolean pvIpi;

    Ipi(Topology topo, Costs costs, StreamInterface stream, Counters counters) {
        this.topo = topo;
        this.costs = costs;
        this.stream = stream;
        this.sent = counters.counter(IpiEvent.SENT);
        this.received = counters.counter(IpiEvent.RECEIVED);
        this.resched = counters.counter(IpiEvent.RESCHED);
        this.tlb = counters.counter(IpiEvent.TLB_FLUSH);
        this.call = counters.counter(IpiEvent.CALL_FUNCTION);
        this.pvIpi = topo.spec().kvm() != null && topo.spec().kvm().pvIpi();
    }

    /** The sender's cost of one IPI, drawn from the preset's spread if it gives one. */
    public double sendCost() {
        return sendCost(0);
    }

    /**
     * The sender's cost of the {@code index}-th destination (from 0) of one multi-destination IPI: an exit
     * per destination in a guest without PV IPI (ipi_send each); with it, one hypercall (vm_exit) whose
     * host side handles each destination (pv_ipi_target).
     */
    public double sendCost(int index) {
        if (pvIpi) {
            return (index == 0 ? costs.ns(Cost.VM_EXIT) : 0) + costs.ns(Cost.PV_IPI_TARGET);
        }
        return costs.sample(Cost.IPI_SEND, stream);
    }

    /** Delivery latency from CPU {@code from} to {@code to} by distance, drawn from the preset's range if it gives one. */
    public double latency(int from, int to) {
        return switch (topo.reach(from, to)) {
            case SELF -> 0;
            case SMT -> costs.sample(Cost.IPI_SMT, stream);
            case SOCKET -> costs.sample(Cost.IPI_SOCKET, stream);
            case REMOTE -> costs.sample(Cost.IPI_REMOTE, stream);
        };
    }

    /** One IPI of {@code kind} went out. */
    public void sent(Kind kind) {
        sent[0]++;
        (switch (kind) {
            case RESCHEDULE -> resched;
            case TLB_FLUSH -> tlb;
            case CALL_FUNCTION -> call;
        })[0]++;
    }

    /** Its target handled one. */
    public void received() {
        received[0]++;
    }
}
