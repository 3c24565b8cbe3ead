package numasim.workloads;

import numasim.kernel.Process;
import numasim.user.Pthread;

/** Writes one byte to every page of a range, as memset over fresh memory does, taking the faults. */
public final class Touch {
    private Touch() {
    }

    /** Writes each page of {@code [addr, addr + len)} from {@code off} on; then {@code k}. */
    public static void eachPage(Process p, Pthread t, long addr, long len, long off, Runnable k) {
        long ps = p.env().pageSize();
        while (off < len) {
            long at = off;
            if (!p.access(t, addr + off, true, () -> eachPage(p, t, addr, len, at, k))) {
                return; // faulted: the retry continues from this page
            }
            off += ps;
        }
        k.run();
    }
}
