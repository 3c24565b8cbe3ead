package numasim.sim;

import nl.tudelft.simulation.dsol.SimRuntimeException;
import nl.tudelft.simulation.dsol.experiment.SingleReplication;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.Executable;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;
import nl.tudelft.simulation.dsol.simulators.ReplicationState;
import nl.tudelft.simulation.dsol.simulators.RunState;

/**
 * The DSOL event kernel, driven synchronously on the caller's thread. Its clock is a whole number of
 * nanoseconds; an event asked for at a fractional time (a task's cursor, a sum of costs) runs at the next
 * whole nanosecond, so whoever it continues is never ahead of the clock.
 *
 * <p>DSOL's own {@code scheduleEvent} formats a trace string for every event (it halves throughput), and
 * {@code start()} hands the run to a worker thread; this subclass does neither, so a run is deterministic
 * and needs no polling.
 */
public final class Sim extends DevsSimulator<Long> {
    private static final long serialVersionUID = 1L;

    private static final Object REPLICATION_CONTEXT_LOCK = new Object();
    private static final java.util.concurrent.atomic.AtomicLong RUN_IDS = new java.util.concurrent.atomic.AtomicLong();

    private final Streams streams;
    private long events;
    private final HeapEventList heap = new HeapEventList();
    private long nowNs;
    private long eventIds;
    private RuntimeException failure;

    /** DSOL's simulator constructor registers a logger in a map that is not thread-safe: one at a time. */
    private static final java.util.concurrent.locks.ReentrantLock CONSTRUCTION = new java.util.concurrent.locks.ReentrantLock();

    private static String lockConstruction(String id) {
        CONSTRUCTION.lock();
        return id;
    }

    public Sim(String id, long seed) {
        super(lockConstruction(id));
        CONSTRUCTION.unlock();
        this.streams = new Streams(seed);
        this.eventList = heap;
    }

    /** Named, independently seeded random streams, one per component. */
    public Streams streams() {
        return streams;
    }

    /** The clock, in ns (a whole number). */
    public double now() {
        return nowNs;
    }

    /** The clock as the event kernel keeps it. */
    public long nowNs() {
        return nowNs;
    }

    /** The whole nanosecond an event asked for at {@code t} runs at. */
    static long tick(double t) {
        return (long) Math.ceil(t);
    }

    /** Executed events so far (the unit of simulation cost). */
    public long events() {
        return events;
    }

    @Override
    public SimEventInterface<Long> scheduleEvent(SimEventInterface<Long> event) {
        if (event.getAbsoluteExecutionTime() < now()) {
            throw new SimRuntimeException("event scheduled in the past: " + event.getAbsoluteExecutionTime() + " < " + now());
        }
        eventList.add(event);
        return event;
    }

    /** Runs {@code action} at absolute time {@code t} (ns). */
    public void at(double t, Executable action) {
        long at = tick(t);
        if (at < nowNs) {
            throw new SimRuntimeException("event scheduled in the past: " + t + " < " + nowNs);
        }
        eventList.add(new NsEvent(at, ++eventIds, action));
    }

    /** Runs {@code action} {@code delay} ns from now. */
    public void after(double delay, Executable action) {
        at(now() + delay, action);
    }

    /**
     * Initialises a replication of length {@code limitNs} and runs every event on this thread until the
     * event list is empty or the limit is reached. An exception thrown by an event ends the run and is
     * rethrown here.
     */
    public void runUntilIdle(double limitNs) {
        long limit = limitNs >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limitNs;
        // initialize() clears the event list: keep what the model scheduled while it was being built
        java.util.List<SimEventInterface<Long>> pending = new java.util.ArrayList<>();
        while (!eventList.isEmpty()) {
            pending.add(eventList.removeFirst());
        }
        // DSOL binds every replication in one JVM-wide naming context, check-then-create: give each run its
        // own id, create it under a global lock (parallel sweeps), and unbind it afterwards
        SingleReplication<Long> replication;
        synchronized (REPLICATION_CONTEXT_LOCK) {
            replication = new SingleReplication<>("numasim-run-" + RUN_IDS.incrementAndGet(), 0L, 0L, limit);
        }
        initialize(new Model(this), replication);
        // drop DSOL's own warmup/endReplication reflection events; the loop below bounds the run
        eventList.clear();
        pending.forEach(eventList::add);
        runUntilTime = limit;
        runUntilIncluding = true;
        runState = RunState.STARTED;
        replicationState = ReplicationState.STARTED;
        try {
            while (!eventList.isEmpty() && failure == null) {
                long t = heap.firstTime();
                if (t > limit) {
                    break;
                }
                SimEventInterface<Long> event = heap.removeFirst();
                nowNs = t;
                events++;
                try {
                    event.execute();
                } catch (RuntimeException e) {
                    failure = e;
                }

            }
        } finally {
            simulatorTime = nowNs;
            runState = RunState.STOPPED;
            cleanUp(); // ends DSOL's idle worker thread
            synchronized (REPLICATION_CONTEXT_LOCK) {
                replication.removeFromContext();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** True if events remain beyond the run limit (the run was cut short). */
    public boolean hasPendingEvents() {
        return !eventList.isEmpty();
    }

    /** DSOL needs a model object; numasim builds its machine outside of it. */
    private static final class Model extends AbstractDsolModel<Long, Sim> {
        private static final long serialVersionUID = 1L;

        Model(Sim sim) {
            super(sim);
        }

        @Override
        public void constructModel() {
        }
    }
}
