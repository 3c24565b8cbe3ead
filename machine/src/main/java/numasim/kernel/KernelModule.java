package numasim.kernel;

import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.sync.SpinLock;
import numasim.topology.Cost;
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

    /** A spinlock_t a module defines (its holder gets a handle, not the lock's internals). */
    public static final class Spinlock {
        private final SpinLock lock;

        private Spinlock(SpinLock lock) {
            this.lock = lock;
        }
    }

    /** A spinlock_t of the module's own, on a cache line no other code touches. */
    public Spinlock spinLock(String name) {
        return new Spinlock(new SpinLock("module:" + name, kernel.coherence()));
    }

    /**
     * spin_lock, an empty critical section, spin_unlock: the locked operation on the lock's line (pulled from
     * the last holder's CPU if another had it); a held lock is spun on until its holder lets go. Taken in
     * event order, at the caller's time.
     */
    public void spinLockPair(Spinlock lock, Pthread current, Runnable k) {
        Task t = (Task) current;
        t.sync(() -> {
            t.sysUntil(lock.lock.lock(t.cpu(), t.cursor(), 0));
            t.sync(k);
        });
    }

    /** down_write, {@code holdNs} in the critical section, up_write of the calling process's mmap_sem. */
    public void mmapSemWrite(Process p, Pthread current, double holdNs, Runnable k) {
        Task t = (Task) current;
        var sem = p.mm().mmapSem();
        sem.downWrite(t, () -> {
            t.sys(holdNs);
            sem.upWrite(t, k);
        });
    }

    /** down_write of the calling process's mmap_sem; {@code k} runs holding it. */
    public void mmapSemDownWrite(Process p, Pthread current, Runnable k) {
        p.mm().mmapSem().downWrite((Task) current, k);
    }

    /** up_write of the calling process's mmap_sem. */
    public void mmapSemUpWrite(Process p, Pthread current, Runnable k) {
        p.mm().mmapSem().upWrite((Task) current, k);
    }

    /** down_read of the calling process's mmap_sem; {@code k} runs holding it. */
    public void mmapSemDownRead(Process p, Pthread current, Runnable k) {
        p.mm().mmapSem().downRead((Task) current, k);
    }

    /** up_read of the calling process's mmap_sem. */
    public void mmapSemUpRead(Process p, Pthread current, Runnable k) {
        p.mm().mmapSem().upRead((Task) current, k);
    }

    /** clear_page of one block of {@code order} (clear_huge_page at the huge page's order), as a fault zeroes it. */
    public void clearPages(Pthread current, int order, Runnable k) {
        Task t = (Task) current;
        t.sys(kernel.mem().clearNs(order));
        t.sync(k);
    }

    /**
     * flush_tlb_mm_range of {@code pages} base pages of the calling process's mm from {@code startVpn}:
     * locally, and on every other CPU that has the mm loaded.
     */
    public void flushTlbRange(Process p, Pthread current, long startVpn, long pages, Runnable k) {
        Task t = (Task) current;
        var mm = p.mm();
        kernel.vm().env().shootdown().flushRange(t, mm.id(), mm.cpumask(), startVpn, pages, 0);
        t.sync(k);
    }

    /** A hypercall the host does not implement (kvm-unit-tests' vmexit vmcall): a light exit and re-entry. */
    public void hypercall(Pthread current, Runnable k) {
        if (!kernel.topology().spec().guest()) {
            throw new numasim.topology.ConfigException("microbench", "vmcall needs a guest machine (a KVM preset)");
        }
        Task t = (Task) current;
        t.sys(kernel.topology().spec().costs().ns(Cost.VM_EXIT));
        t.sync(k);
    }
}
