package numasim.kernel;

/**
 * A task touched memory it may not (SIGSEGV) or a mapping with nothing behind it (SIGBUS: beyond the end
 * of a file, an empty hugetlbfs pool, a userfault with UFFD_FEATURE_SIGBUS): with no handler installed
 * the signal kills it and fails the run.
 */
public final class FatalSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FatalSignal(String message) {
        super(message);
    }
}
