package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;

/** signal1: an empty SIGUSR1 handler installed, then raise(SIGUSR1) in a loop; one iteration per signal. */
final class Signal1 extends Testcase {
    /** The empty handler's user time (a call and a return). */
    private static final double HANDLER_NS = 2;

    @Override
    String description() {
        return "signal delivery";
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        p.raise(t, HANDLER_NS, () -> {
            h.add(nr, 1);
            run(h, p, t, nr);
        });
    }
}
