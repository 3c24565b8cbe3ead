package numasim.workloads.willitscale;

import numasim.cpu.Task;
import numasim.kernel.Process;
import numasim.vm.File;

/**
 * read1 / read2: read a 1 MiB tmpfs file 4 KiB at a time, seeking back to 0 at its end; one iteration per
 * read. read1 gives each task its own file; read2 has one file for all, each task with its own descriptor.
 */
final class Read extends Testcase {
    static final long FILESIZE = 1L << 20;
    static final long BUFLEN = 4096;
    private final boolean shared;
    private File sharedFile;

    Read(boolean shared) {
        this.shared = shared;
    }

    @Override
    String description() {
        return shared ? "Same file read" : "Separate file read";
    }

    @Override
    void prepare(Harness h, Process parent, Task t, Runnable k) {
        if (shared) {
            sharedFile = h.kernel().createFile("willitscale.read2", true, FILESIZE);
            h.kernel().vm().pageCache().populate(sharedFile, h.kernel().sched().cpu(t.cpu()).node);
        }
        k.run();
    }

    @Override
    void run(Harness h, Process p, Task t, int nr) {
        File f = sharedFile;
        if (f == null) {
            f = h.privateFile(p, t, FILESIZE);
            h.kernel().vm().pageCache().populate(f, h.kernel().sched().cpu(t.cpu()).node); // written by the task first
        }
        loop(h, p, t, nr, f, 0);
    }

    private void loop(Harness h, Process p, Task t, int nr, File f, long pos) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        p.read(t, f, pos, BUFLEN, n -> {
            h.add(nr, 1);
            if (n != BUFLEN) {
                p.lseek(t, () -> loop(h, p, t, nr, f, 0));
            } else {
                loop(h, p, t, nr, f, pos + n);
            }
        });
    }
}
