package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.Vma;

/** mmap1 / mmap2: mmap 128 MiB (anonymous / of the task's tmpfs file) and munmap it untouched; one iteration per pair. */
final class MmapMunmap extends Testcase {
    private final boolean file;

    MmapMunmap(boolean file) {
        this.file = file;
    }

    @Override
    String description() {
        return file ? "Separate file mmap/munmap of 128MB" : "Anonymous memory mmap/munmap of 128MB";
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        File f = file ? h.privateFile(p, t, PageFault.MEMSIZE) : null;
        loop(h, p, t, nr, f);
    }

    private void loop(Harness h, Process p, Pthread t, int nr, File f) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        int prot = Vma.VM_READ | Vma.VM_WRITE;
        java.util.function.LongConsumer unmap = addr -> p.munmap(t, addr, PageFault.MEMSIZE, r -> {
            h.add(nr, 1);
            loop(h, p, t, nr, f);
        });
        if (f == null) {
            p.mmapAnon(t, PageFault.MEMSIZE, prot, unmap);
        } else {
            p.mmapFile(t, f, 0, PageFault.MEMSIZE, prot | Vma.VM_SHARED, unmap);
        }
    }
}
