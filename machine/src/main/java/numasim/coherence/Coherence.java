package numasim.coherence;

import nl.tudelft.simulation.jstats.streams.StreamInterface;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.topology.Topology;

/** Cache-line transfer costs by distance (SMT sibling, same socket, other socket). */
public final class Coherence {
    private final Topology topo;
    private final Costs costs;
    private final StreamInterface stream;
    private final double local;

    /** {@code stream} draws each transfer's cost from the preset's published range, if it gives one. */
    public Coherence(Topology topo, Costs costs, StreamInterface stream) {
        this.topo = topo;
        this.costs = costs;
        this.stream = stream;
        this.local = costs.ns(Cost.ATOMIC_LOCAL);
    }

    /** Transfer cost of a line from {@code from} to {@code to} (0 if already there or never touched). */
    public double transfer(int from, int to) {
        if (from < 0) {
            return 0;
        }
        return switch (topo.reach(from, to)) {
            case SELF -> 0;
            case SMT -> costs.sample(Cost.LINE_SMT, stream);
            case SOCKET -> costs.sample(Cost.LINE_SOCKET, stream);
            case REMOTE -> costs.sample(Cost.LINE_REMOTE, stream);
        };
    }

    /**
     * An atomic read-modify-write of {@code line} by {@code cpu} issued at time {@code t}: waits for the
     * line, pulls it over and performs the operation. Returns the completion time.
     */
    public double atomic(CacheLine line, int cpu, double t) {
        double start = Math.max(t, line.busyUntil);
        line.queuedNs += start - t;
        // a line already here costs the locked operation; one that comes from another CPU costs the
        // transfer, which is what cache-to-cache benchmarks measure for the whole contended atomic
        // (numasim microbench line-pingpong-*): the two are not added
        double cost = line.owner == cpu || line.owner < 0 ? local : Math.max(local, transfer(line.owner, cpu));
        if (line.owner != cpu && line.owner >= 0) {
            line.transfers++;
        }
        line.accesses++;
        line.owner = cpu;
        line.modified = true;
        line.busyUntil = start + cost;
        return start + cost;
    }

    /**
     * A plain load of {@code line} by {@code cpu} at time {@code t}: a hit unless another CPU has written
     * the line since, in which case it waits for the line and fetches it (the line becomes shared).
     */
    public double read(CacheLine line, int cpu, double t) {
        line.accesses++;
        if (!line.modified || line.owner == cpu || line.owner < 0) {
            return t;
        }
        double start = Math.max(t, line.busyUntil);
        line.queuedNs += start - t;
        double cost = transfer(line.owner, cpu);
        line.transfers++;
        line.modified = false;
        line.busyUntil = start + cost;
        return start + cost;
    }

    /** Holds the line exclusively from {@code t} until {@code until} (a lock's critical section). */
    public void hold(CacheLine line, double until) {
        line.busyUntil = Math.max(line.busyUntil, until);
    }
}
