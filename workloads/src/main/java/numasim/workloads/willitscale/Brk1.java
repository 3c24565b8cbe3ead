package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;

/** brk1: from sbrk(0), brk one page up and back down; two iterations per pair (one per brk). */
final class Brk1 extends Testcase {
    @Override
    String description() {
        return "brk increase/decrease of one page";
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        p.brk(t, 0, base -> loop(h, p, t, nr, base)); // sbrk(0)
    }

    private void loop(Harness h, Process p, Pthread t, int nr, long base) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        long ps = h.env().pageSize();
        p.brk(t, base + ps, up -> p.brk(t, base, down -> {
            h.add(nr, 2);
            loop(h, p, t, nr, base);
        }));
    }
}
