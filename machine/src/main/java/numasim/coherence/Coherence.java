package numasim.coherence;

import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.topology.Topology;

/** Cache-line transfer costs by distance (SMT sibling, same socket, other socket). */
public final class Coherence {
    private final Topology topo;
    private final double local;
    private final double smt;
    private final double socket;
    private final double remote;

    public Coherence(Topology topo, Costs costs) {
        this.topo = topo;
        this.local = costs.ns(Cost.ATOMIC_LOCAL);
        this.smt = costs.ns(Cost.LINE_SMT);
        this.socket = costs.ns(Cost.LINE_SOCKET);
        this.remote = costs.ns(Cost.LINE_REMOTE);
    }

    /** Transfer cost of a line from {@code from} to {@code to} (0 if already there or never touched). */
    public double transfer(int from, int to) {
        if (from < 0) {
            return 0;
        }
        return switch (topo.reach(from, to)) {
            case SELF -> 0;
            case SMT -> smt;
            case SOCKET -> socket;
            case REMOTE -> remote;
        };
    }

    /**
     * An atomic read-modify-write of {@code line} by {@code cpu} issued at time {@code t}: waits for the
     * line, pulls it over and performs the operation. Returns the completion time.
     */
    public double atomic(CacheLine line, int cpu, double t) {
        double start = Math.max(t, line.busyUntil);
        line.queuedNs += start - t;
        double cost = local + transfer(line.owner, cpu);
        if (line.owner != cpu && line.owner >= 0) {
            line.transfers++;
        }
        line.accesses++;
        line.owner = cpu;
        line.busyUntil = start + cost;
        return start + cost;
    }

    /** Holds the line exclusively from {@code t} until {@code until} (a lock's critical section). */
    public void hold(CacheLine line, double until) {
        line.busyUntil = Math.max(line.busyUntil, until);
    }
}
