package numasim.workloads.libc;

import java.util.function.LongConsumer;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.vm.Vma;

/** Every allocation is its own anonymous private mapping (ebizzy -m): mmap and munmap each time. */
public final class MmapAllocator implements Allocator {
    private final Process p;

    public MmapAllocator(Process p) {
        this.p = p;
    }

    @Override
    public void alloc(Pthread t, long size, LongConsumer k) {
        p.mmapAnon(t, size, Vma.VM_READ | Vma.VM_WRITE, addr -> {
            if (addr < 0) {
                throw new IllegalStateException(p.comm + ": mmap of " + size + " bytes failed (errno " + -addr + ")");
            }
            k.accept(addr);
        });
    }

    @Override
    public void free(Pthread t, long addr, long size, Runnable k) {
        p.munmap(t, addr, size, r -> k.run());
    }
}
