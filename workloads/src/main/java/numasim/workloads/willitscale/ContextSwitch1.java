package numasim.workloads.willitscale;

import numasim.kernel.Pipe;
import numasim.kernel.Process;
import numasim.user.Pthread;

/**
 * context_switch1: the task and a partner it creates (a thread or a process, bound like the task) pass one
 * byte back and forth through two pipes; two iterations per round trip.
 */
final class ContextSwitch1 extends Testcase {
    @Override
    String description() {
        return "Context switch via pipes";
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        Pipe ping = p.pipe();
        Pipe pong = p.pipe();
        h.newTask(p, t, t.comm() + "-partner", (cp, ct) -> partner(h, cp, ct, ping, pong), () -> loop(h, p, t, nr, ping, pong));
    }

    private void loop(Harness h, Process p, Pthread t, int nr, Pipe ping, Pipe pong) {
        if (h.stopped()) {
            ping.write(t, 1, n -> h.exit(p, t)); // the partner wakes, sees the kill and ends too
            return;
        }
        ping.write(t, 1, n -> pong.read(t, 1, m -> {
            h.add(nr, 2);
            loop(h, p, t, nr, ping, pong);
        }));
    }

    private void partner(Harness h, Process p, Pthread t, Pipe ping, Pipe pong) {
        ping.read(t, 1, n -> {
            if (h.stopped()) {
                pong.write(t, 1, m -> h.exit(p, t)); // the task may be waiting for this byte
                return;
            }
            pong.write(t, 1, m -> partner(h, p, t, ping, pong));
        });
    }
}
