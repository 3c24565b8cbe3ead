package numasim.kernel;

/** A task touched memory it may not: with no handler installed, SIGSEGV kills it and fails the run. */
public final class Segfault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Segfault(String message) {
        super(message);
    }
}
