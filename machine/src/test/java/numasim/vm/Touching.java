package numasim.vm;

import numasim.kernel.Process;
import numasim.user.Pthread;

/** Test helper: write one byte per page of a range, retrying after faults, then continue. */
final class Touching {
    private static final long PAGE = 4096;

    private Touching() {
    }

    /** Reads or writes pages {@code [from, to)} of the range at {@code addr}, one access a page, then {@code k}. */
    static void pages(Process p, Pthread t, long addr, int from, int to, boolean write, Runnable k) {
        for (int i = from; i < to; i++) {
            int at = i;
            if (!p.access(t, addr + i * PAGE, write, () -> pages(p, t, addr, at, to, write, k))) {
                return;
            }
        }
        t.sync(k);
    }

    static void touch(Process p, Pthread t, long addr, long len, long off, Runnable k) {
        while (off < len) {
            long at = off;
            if (!p.access(t, addr + off, true, () -> touch(p, t, addr, len, at, k))) {
                return;
            }
            off += PAGE;
        }
        t.sync(k);
    }
}
