package numasim.kernel;

import java.util.ArrayList;
import java.util.List;

import numasim.coherence.CacheLine;
import numasim.coherence.Coherence;
import numasim.cpu.Task;
import numasim.user.Pthread;

/**
 * A word of memory shared by threads (one cache line), as cache-to-cache latency benchmarks use it: a
 * {@code lock xadd} brings the line to the incrementing CPU through the coherence model (a transfer
 * from its last owner, by distance), and a thread spinning until the word reaches a value stays on
 * its CPU, burning user time, until the increment that gets it there completes. The spinner's loads
 * are not charged apart: its next atomic pulls the line over, as a spinning cmpxchg loop does.
 */
public final class SharedWord {
    private final Coherence coherence;
    private final CacheLine line;
    private long value;
    private final List<Spinner> spinners = new ArrayList<>();

    private record Spinner(Task t, long value, Runnable k) {
    }

    SharedWord(String name, Coherence coherence) {
        this.coherence = coherence;
        this.line = new CacheLine("user:" + name);
    }

    public long value() {
        return value;
    }

    /** Atomically adds 1, then {@code k}; spinners waiting for the new value go on when it is visible. */
    public void increment(Pthread current, Runnable k) {
        Task t = (Task) current;
        double done = coherence.atomic(line, t.cpu(), t.cursor());
        t.userUntil(done);
        value++;
        for (int i = 0; i < spinners.size(); i++) {
            Spinner s = spinners.get(i);
            if (value >= s.value()) {
                spinners.remove(i--);
                s.t().userUntil(done);
                s.t().sync(s.k());
            }
        }
        t.sync(k);
    }

    /** Spins (without sleeping) until the word is at least {@code v}, then {@code k}. */
    public void spinUntil(Pthread current, long v, Runnable k) {
        Task t = (Task) current;
        if (value >= v) {
            t.sync(k);
            return;
        }
        spinners.add(new Spinner(t, v, k));
    }
}
