package numasim.workloads.willitscale;

import numasim.cpu.Task;
import numasim.kernel.Process;
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
    void prepare(Harness h, Process parent, Task t, Runnable k) {
        long ps = h.kernel().pageSize();
        file = h.kernel().createFile("willitscale.writeseek3", true, ps * h.tasks());
        h.kernel().vm().pageCache().populate(file, h.kernel().sched().cpu(t.cpu()).node);
        k.run();
    }

    @Override
    void run(Harness h, Process p, Task t, int nr) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        long offset = h.kernel().pageSize() * nr;
        p.lseek(t, () -> p.write(t, file, offset, Read.BUFLEN, n -> {
            h.add(nr, 1);
            run(h, p, t, nr);
        }));
    }
}
