package numasim.workloads.willitscale;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.Vma;

/**
 * page_fault1/2/3: map 128 MiB (anonymous; a private mapping of the task's own tmpfs file; a shared one),
 * write one byte per page (one iteration per page), unmap, repeat. The file is made with mkstemp,
 * ftruncate'd to 128 MiB and unlinked, so it is the task's alone.
 */
final class PageFault extends Testcase {
    enum Kind { ANON, FILE_PRIVATE, FILE_SHARED }

    static final long MEMSIZE = 128L << 20;
    private final Kind kind;

    PageFault(Kind kind) {
        this.kind = kind;
    }

    @Override
    String description() {
        return switch (kind) {
            case ANON -> "Anonymous memory page fault";
            case FILE_PRIVATE -> "Separate file private mapping page fault";
            case FILE_SHARED -> "Separate file shared mapping page fault";
        };
    }

    @Override
    void run(Harness h, Process p, Pthread t, int nr) {
        File f = kind == Kind.ANON ? null : h.privateFile(p, t, MEMSIZE);
        map(h, p, t, nr, f);
    }

    private void map(Harness h, Process p, Pthread t, int nr, File f) {
        if (h.stopped()) {
            h.exit(p, t);
            return;
        }
        int prot = Vma.VM_READ | Vma.VM_WRITE;
        if (f == null) {
            p.mmapAnon(t, MEMSIZE, prot, addr -> touch(h, p, t, nr, f, addr, 0));
        } else {
            p.mmapFile(t, f, 0, MEMSIZE, prot | (kind == Kind.FILE_SHARED ? Vma.VM_SHARED : 0), addr -> touch(h, p, t, nr, f, addr, 0));
        }
    }

    private void touch(Harness h, Process p, Pthread t, int nr, File f, long addr, long off) {
        long ps = h.env().pageSize();
        while (off < MEMSIZE) {
            if (h.stopped()) {
                h.exit(p, t);
                return;
            }
            long at = off;
            if (!p.access(t, addr + off, true, () -> touch(h, p, t, nr, f, addr, at))) {
                return; // faulted: the retry continues from this page
            }
            h.add(nr, 1);
            off += ps;
        }
        p.munmap(t, addr, MEMSIZE, r -> map(h, p, t, nr, f));
    }
}
