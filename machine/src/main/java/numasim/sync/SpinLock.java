package numasim.sync;

import numasim.coherence.CacheLine;
import numasim.coherence.Coherence;

/**
 * A spinlock on a shared cache line. Critical sections are short (well under a microsecond), so they are
 * reserved analytically: a CPU spins until the previous holder's section ends, pulls the line over and
 * holds it. Reservations are made in event order.
 */
public final class SpinLock {
    private final CacheLine line;
    private final Coherence coherence;
    private double heldUntil;
    private long acquisitions;
    private long contended;
    private double spinNs;

    public SpinLock(String name, Coherence coherence) {
        this.line = new CacheLine(name);
        this.coherence = coherence;
    }

    /**
     * {@code cpu} takes the lock at time {@code t} and holds it for {@code holdNs}; returns the time it is
     * released, which is when the caller continues.
     */
    public double lock(int cpu, double t, double holdNs) {
        double start = Math.max(t, heldUntil);
        if (start > t) {
            contended++;
            spinNs += start - t;
        }
        double acquired = coherence.atomic(line, cpu, start);
        double released = acquired + holdNs;
        coherence.hold(line, released);
        heldUntil = released;
        acquisitions++;
        return released;
    }

    /**
     * {@code cpu} takes the lock at time {@code t}; {@code section} maps the time it got the lock to the time
     * it lets go (work inside that touches other lines). Returns the release time.
     */
    public double lock(int cpu, double t, java.util.function.DoubleUnaryOperator section) {
        double start = Math.max(t, heldUntil);
        if (start > t) {
            contended++;
            spinNs += start - t;
        }
        double released = section.applyAsDouble(coherence.atomic(line, cpu, start));
        coherence.hold(line, released);
        heldUntil = released;
        acquisitions++;
        return released;
    }

    /**
     * spin_trylock at time {@code t}: fails if another CPU holds the lock then; otherwise takes it for
     * {@code holdNs} and advances nothing (the caller adds the hold time it spends).
     */
    public boolean tryLock(int cpu, double t, double holdNs) {
        if (heldUntil > t) {
            contended++;
            return false;
        }
        lock(cpu, t, holdNs);
        return true;
    }

    /** When the current holder lets go (in the past when the lock is free). */
    public double heldUntil() {
        return heldUntil;
    }

    public long acquisitions() {
        return acquisitions;
    }

    public long contended() {
        return contended;
    }

    public double spinNs() {
        return spinNs;
    }

    public CacheLine line() {
        return line;
    }
}
