package numasim.coherence;

/**
 * One shared cache line holding a lock word, a counter or a refcount. It has one owner at a time; transfers
 * to another CPU serialise on the line (busy until the previous transfer ends), so many CPUs hammering one
 * line queue on it. Reads of a line nobody has written since are hits everywhere (the shared state).
 */
public final class CacheLine {
    final String name;
    int owner = -1;
    /** Written since other CPUs last read it: a reader elsewhere must fetch it from the owner. */
    boolean modified;
    double busyUntil;
    long accesses;
    long transfers;
    double queuedNs;

    public CacheLine(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public int owner() {
        return owner;
    }

    public long accesses() {
        return accesses;
    }

    public long transfers() {
        return transfers;
    }

    /** Time spent by accessors waiting for the line to be free. */
    public double queuedNs() {
        return queuedNs;
    }
}
