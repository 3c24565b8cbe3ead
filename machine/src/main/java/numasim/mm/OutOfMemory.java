package numasim.mm;

/** No zone of any node could satisfy an allocation: the emulated machine ran out of memory. */
public final class OutOfMemory extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfMemory(String message) {
        super(message);
    }
}
