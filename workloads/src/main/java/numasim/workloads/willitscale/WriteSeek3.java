package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.vm.File;

/**
 * writeseek3: one tmpfs file of a page per task; task n seeks to page n and writes 4 KiB there, forever;
 * one iteration per seek and write. Writers of one inode take turns on its i_rwsem.
 */
final class WriteSeek3 extends Testcase {
    private File file;

    @Override
    String description() {
        return "Same file seek+write to different offsets";
    }

    @Override
    void prepare(Harness h, Process parent, Pthread t, Runnable k) {
        long ps = h.env().pageSize();
        file = h.env().createFile("willitscale.writeseek3", true, ps * h.tasks());
        h.env().cached(file, h.env().topology().nodeOf(t.cpu()));
        k.run();
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        long offset = h.env().pageSize() * nr;
        p.lseek(t, () -> p.write(t, file, offset, Read.BUFLEN, n -> {
            h.add(nr, 1);
            run(h, p, t, nr);
        }));
    }
}
