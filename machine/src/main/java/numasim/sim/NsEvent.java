package numasim.sim;

import nl.tudelft.simulation.dsol.formalisms.eventscheduling.Executable;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;

/**
 * A lambda event at a whole nanosecond. Unlike DSOL's LambdaSimEvent it does not synchronise or wrap
 * exceptions on every execution, and it takes its tie-breaking id from its own simulation rather than
 * from DSOL's JVM-wide counter, which parallel simulations would contend on.
 */
final class NsEvent implements SimEventInterface<Long> {
    private static final long serialVersionUID = 1L;
    private final long time;
    private final long id;
    private final Executable action;

    NsEvent(long time, long id, Executable action) {
        this.time = time;
        this.id = id;
        this.action = action;
    }

    @Override
    public void execute() {
        action.execute();
    }

    @Override
    public Long getAbsoluteExecutionTime() {
        return time;
    }

    @Override
    public short getPriority() {
        return NORMAL_PRIORITY;
    }

    @Override
    public long getId() {
        return id;
    }
}
