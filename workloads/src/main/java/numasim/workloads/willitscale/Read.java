package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;
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
    void prepare(Harness h, Process parent, Pthread t, Runnable k) {
        if (shared) {
            sharedFile = h.env().createFile("willitscale.read2", true, FILESIZE);
            h.env().cached(sharedFile, h.env().topology().nodeOf(t.cpu()));
        }
        k.run();
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        File f = sharedFile;
        if (f == null) {
            f = h.privateFile(p, t, FILESIZE);
            h.env().cached(f, h.env().topology().nodeOf(t.cpu())); // written by the task first
        }
        loop(h, p, t, nr, f, 0);
    }

    private void loop(Harness h, Process p, Pthread t, int nr, File f, long pos) {
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
