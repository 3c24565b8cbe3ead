package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * hugetlbfs files (hugetlb_vm_ops): hugetlb_fault maps a whole huge page of the file by the PMD, taking a
 * missing one from the pool and zeroing it (none left: SIGBUS); userfaultfd in whole huge pages (missing
 * and minor, no write-protect, no ZEROPAGE), UFFDIO_COPY from the pool and UFFDIO_CONTINUE.
 */
final class HugetlbOps extends BackingOps {
    private final Hugetlbfs pool;

    HugetlbOps(Kit kit, Hugetlbfs pool) {
        super(kit);
        this.pool = pool;
    }

    private long hugeSize() {
        return env.pageSize() << env.pteBits();
    }

    @Override
    public long pagesize() {
        return hugeSize();
    }

    @Override
    public void fault(VmFault vmf) {
        c.hugetlbFaults[0]++;
        Task t = vmf.task;
        Mm mm = vmf.mm;
        long vpn = (vmf.address & -hugeSize()) >>> env.pageShift();
        if (mm.pt.hugeAt(vpn) >= 0) {
            c.spurious[0]++;
            vmf.finish(Outcome.Spurious.SPURIOUS);
            return;
        }
        long index = install.hugeIndex(vmf.vma, vmf.address);
        long pfn = cache.peek(vmf.vma.file, index);
        if (pfn < 0) {
            pfn = pool.alloc(env.sched().cpu(t.cpu()).node);
            if (pfn < 0) {
                c.sigbus[0]++;
                vmf.finish(Outcome.Signal.SIGBUS);
                return;
            }
            t.sys(env.mem().clearNs(env.pteBits())); // clear_huge_page
            cache.insertPage(t, vmf.vma.file, index, pfn);
            c.hugetlbAlloc[0]++;
        }
        install.mapFilePmd(t, mm, vpn, pfn);
        vmf.finish(Outcome.Mapped.PAGE);
    }

    /** hugetlb_no_page's handle_userfault: missing where the file has no huge page, minor where this mapping lacks it. */
    @Override
    public Outcome userfault(VmFault vmf) {
        Vma v = vmf.vma;
        if (vmf.mm.pt.hugeAt(vmf.vpn) >= 0) {
            return null;
        }
        boolean cached = cache.peek(v.file, install.hugeIndex(v, vmf.address)) >= 0;
        int reason = !cached && (v.flags & Vma.VM_UFFD_MISSING) != 0 ? Vma.VM_UFFD_MISSING
                : cached && (v.flags & Vma.VM_UFFD_MINOR) != 0 ? Vma.VM_UFFD_MINOR : 0;
        if (reason == 0) {
            return null;
        }
        c.hugetlbFaults[0]++; // hugetlb_fault, which handed the fault to the userfaultfd
        return v.uffd.handle(vmf.task, vmf.address & -hugeSize(), reason, vmf.write);
    }

    @Override
    public boolean canUserfault(int vmFlags, long features) {
        return (vmFlags & Vma.VM_UFFD_WP) == 0;
    }

    @Override
    public long registerIoctls(long ioctls) {
        return ioctls & ~Userfaultfd.IOCTL_ZEROPAGE; // UFFD_API_RANGE_IOCTLS_BASIC
    }

    /** __mcopy_atomic_hugetlb: whole huge pages from the pool, copied into, added to the file, mapped; no ZEROPAGE. */
    @Override
    public long fill(Task t, Mm mm, Vma v, long dst, long len, boolean copy) {
        if (!copy) {
            return EINVAL;
        }
        long huge = hugeSize();
        if (((dst | len) & (huge - 1)) != 0) {
            return EINVAL;
        }
        for (long a = dst; a < dst + len; a += huge) {
            if (mm.pt.hugeAt(a >>> env.pageShift()) >= 0 || cache.peek(v.file, install.hugeIndex(v, a)) >= 0) {
                return Mfill.EEXIST;
            }
        }
        for (long a = dst; a < dst + len; a += huge) {
            long pfn = pool.alloc(env.sched().cpu(t.cpu()).node);
            if (pfn < 0) {
                return -12; // ENOMEM: the pool is empty
            }
            t.sys(env.costs().copyNs(huge));
            cache.insertPage(t, v.file, install.hugeIndex(v, a), pfn);
            install.mapFilePmd(t, mm, a >>> env.pageShift(), pfn);
            mfill.copiedPages(1L << env.pteBits());
        }
        return 0;
    }

    /** UFFDIO_CONTINUE in whole huge pages: the file's pages mapped by the PMD. */
    @Override
    public long cont(Task t, Mm mm, Vma v, long start, long len) {
        long huge = hugeSize();
        if (((start | len) & (huge - 1)) != 0) {
            return EINVAL;
        }
        for (long a = start; a < start + len; a += huge) {
            if (cache.peek(v.file, install.hugeIndex(v, a)) < 0) {
                return -14; // EFAULT
            }
            if (mm.pt.hugeAt(a >>> env.pageShift()) >= 0) {
                return Mfill.EEXIST;
            }
        }
        for (long a = start; a < start + len; a += huge) {
            install.mapFilePmd(t, mm, a >>> env.pageShift(), cache.peek(v.file, install.hugeIndex(v, a)));
            mfill.continuedPages(1L << env.pteBits());
        }
        return 0;
    }
}
