package numasim.kernel;

import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.user.Pthread;

/**
 * Kernel code a benchmark runs in kernel context, as mmtests' guru-mode systemtap scripts and test
 * modules do (pagealloc-micro.stp loops alloc_pages and __free_pages between two rdtsc reads): each call
 * runs the kernel's own path on the calling thread's CPU, with no system call around it.
 */
public final class KernelModule {
    private final Kernel kernel;

    KernelModule(Kernel kernel) {
        this.kernel = kernel;
    }

    /** alloc_pages(GFP_KERNEL, order) on {@code node}: order 0 through the CPU's pcp list, higher orders from the buddy lists. */
    public void allocPages(Pthread current, int order, int node, LongConsumer k) {
        Task t = (Task) current;
        long pfn = order == 0 ? kernel.mem().allocPage(t, node) : kernel.mem().allocPages(t, order, node);
        t.sync(() -> k.accept(pfn));
    }

    /** alloc_pages(GFP_KERNEL | __GFP_COMP, order) on {@code node}, as a THP fault allocates; -1 if no block is free. */
    public void allocCompound(Pthread current, int order, int node, LongConsumer k) {
        Task t = (Task) current;
        long pfn = kernel.mem().tryAllocCompound(t, order, node);
        t.sync(() -> k.accept(pfn));
    }

    /** __free_pages(page, order). */
    public void freePages(Pthread current, long pfn, int order, Runnable k) {
        Task t = (Task) current;
        if (order == 0) {
            kernel.mem().freePage(t, pfn);
        } else {
            kernel.mem().freePages(t, pfn, order);
        }
        t.sync(k);
    }

    /** smp_call_function_single(cpu, an empty function, wait=1): the IPI, the target's handler, the acknowledgement. */
    public void smpCallFunctionSingle(Pthread current, int cpu, Runnable k) {
        Task t = (Task) current;
        kernel.smpCall().callSingle(t, cpu, 0);
        t.sync(k);
    }

    /** down_read then up_read of the calling process's mmap_sem, uncontended unless another thread holds it. */
    public void mmapSemReadPair(Process p, Pthread current, Runnable k) {
        Task t = (Task) current;
        var sem = p.mm().mmapSem();
        sem.downRead(t, () -> sem.upRead(t, k));
    }
}
