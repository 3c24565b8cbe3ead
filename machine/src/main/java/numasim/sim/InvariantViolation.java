package numasim.sim;

/** A run broke a kernel invariant (pages lost, a lock still held): the run fails loudly. */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvariantViolation(String message) {
        super(message);
    }
}
