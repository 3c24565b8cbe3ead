package numasim.vm;

import numasim.cpu.Task;
import numasim.kernel.Process;

/** Test helper: write one byte per page of a range, retrying after faults, then continue. */
final class Touching {
    private static final long PAGE = 4096;

    private Touching() {
    }

    static void touch(Process p, Task t, long addr, long len, long off, Runnable k) {
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
