package numasim.workloads.willitscale;

import java.util.HashMap;
import java.util.Map;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.workloads.libc.GlibcMalloc;

/**
 * malloc1: malloc(128 MiB) and free it. Above glibc's largest mmap threshold, so every malloc is an mmap
 * whose chunk header write faults in the first page, and every free a munmap.
 */
final class Malloc1 extends Testcase {
    private static final long SIZE = 128L << 20;
    /** One glibc per process: threads share it. */
    private final Map<Process, GlibcMalloc> libc = new HashMap<>();

    @Override
    String description() {
        return "malloc/free of 128MB";
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        GlibcMalloc m = libc.computeIfAbsent(p, q -> new GlibcMalloc(q, true, false));
        loop(h, p, t, nr, m);
    }

    private void loop(Harness h, Process p, Pthread t, int nr, GlibcMalloc m) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        m.alloc(t, SIZE, addr -> m.free(t, addr, SIZE, () -> {
            h.add(nr, 1);
            loop(h, p, t, nr, m);
        }));
    }
}
