package numasim.sim;

import nl.tudelft.simulation.dsol.formalisms.eventscheduling.AbstractSimEvent;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.Executable;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;

/**
 * A lambda event at a time in ns. Unlike DSOL's LambdaSimEvent it does not synchronise or wrap
 * exceptions on every execution: the run is single-threaded and failures should surface as they are.
 */
final class NsEvent extends AbstractSimEvent<Double> {
    private static final long serialVersionUID = 1L;
    private final Executable action;

    NsEvent(double time, Executable action) {
        super(time, SimEventInterface.NORMAL_PRIORITY);
        this.action = action;
    }

    @Override
    public void execute() {
        action.execute();
    }
}
