package numasim.kernel;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.sim.Sim;
import numasim.user.Pthread;

/**
 * The migration stream from the source host, as the destination sees it: a network link of one-way
 * latency and bandwidth. A page requested from the source arrives after the link has carried everything
 * sent before it and the latency has passed; a reader blocks in recv(2) until a page is there.
 */
public final class MigrationLink {
    private final Sim sim;
    private final Scheduler sched;
    private final double latencyNs;
    private final double bytesPerNs;
    private final ArrayDeque<Long> arrived = new ArrayDeque<>();
    /** When the link is free to start sending the next page. */
    private double free;
    private Runnable wakeReader;
    private boolean closed;

    MigrationLink(Sim sim, Scheduler sched, double latencyNs, double bytesPerNs) {
        this.sim = sim;
        this.sched = sched;
        this.latencyNs = latencyNs;
        this.bytesPerNs = bytesPerNs;
    }

    /** The source sends {@code bytes} for page {@code page} now (after whatever the link still carries). */
    public void request(long page, long bytes) {
        double send = Math.max(sim.now(), free) + bytes / bytesPerNs;
        free = send;
        sim.at(send + latencyNs, () -> {
            arrived.add(page);
            wake();
        });
    }

    /** recv(2): {@code k} gets the next page that arrived, waiting for one; -1 once the link is closed and drained. */
    public void receive(Pthread current, LongConsumer k) {
        Task t = (Task) current;
        Long page = arrived.poll();
        if (page != null) {
            k.accept(page);
            return;
        }
        if (closed) {
            k.accept(-1);
            return;
        }
        t.sync(() -> {
            if (!arrived.isEmpty() || closed) {
                receive(t, k);
                return;
            }
            wakeReader = () -> t.sys(sched.wake(t, -1));
            t.block(() -> receive(t, k));
        });
    }

    /** shutdown(2): the reader gets what is left, then end of stream. */
    public void close() {
        closed = true;
        wake();
    }

    private void wake() {
        if (wakeReader != null) {
            Runnable w = wakeReader;
            wakeReader = null;
            w.run();
        }
    }
}
