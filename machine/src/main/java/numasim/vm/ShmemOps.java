package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * shmem/tmpfs files (shmem_vm_ops): page-cache faults as any file, plus userfaultfd: missing faults where
 * the file has no page, minor faults where it has one this mapping does not map (UFFD_FEATURE_MINOR_SHMEM),
 * UFFDIO_COPY/ZEROPAGE into the page cache (shmem_mfill_atomic_pte) and UFFDIO_CONTINUE.
 */
final class ShmemOps extends FileOps {
    ShmemOps(Kit kit) {
        super(kit);
    }

    @Override
    public Outcome userfault(VmFault vmf) {
        Vma v = vmf.vma;
        if (Pte.present(vmf.origPte)) {
            return null;
        }
        boolean cached = cached(v, vmf.vpn);
        if (!cached && (v.flags & Vma.VM_UFFD_MISSING) != 0) {
            return v.uffd.handle(vmf.task, vmf.address, Vma.VM_UFFD_MISSING, vmf.write);
        }
        if (cached && (v.flags & Vma.VM_UFFD_MINOR) != 0) {
            return v.uffd.handle(vmf.task, vmf.address, Vma.VM_UFFD_MINOR, vmf.write);
        }
        return null;
    }

    @Override
    public boolean canUserfault(int vmFlags, long features) {
        if ((vmFlags & Vma.VM_UFFD_WP) != 0) {
            return false; // WP only on anonymous memory in this era
        }
        return (vmFlags & Vma.VM_UFFD_MINOR) == 0 || (features & Userfaultfd.FEATURE_MINOR_SHMEM) != 0;
    }

    /** shmem_mfill_atomic_pte: the new page goes into the page cache, dirty, and is mapped. */
    @Override
    public long fill(Task t, Mm mm, Vma v, long dst, long len, boolean copy) {
        if ((v.flags & Vma.VM_SHARED) == 0) {
            return EINVAL; // mfill on a private shmem mapping is refused
        }
        return mfill.pages(t, mm, dst, len, copy, (table, vpn, pfn) -> {
            install.lockPtl(t, table);
            long index = install.fileIndex(v, vpn);
            if (cache.peek(v.file, index) >= 0) {
                env.mem().freePage(t, pfn);
                return Mfill.EEXIST;
            }
            cache.insertPage(t, v.file, index, pfn);
            cache.markDirty(t, v.file, index);
            install.setPte(t, mm, table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | Pte.DIRTY | ((v.flags & Vma.VM_WRITE) != 0 ? Pte.WRITE : 0)), 0);
            return 0;
        });
    }

    /** mcontinue_atomic_pte: map the page-cache pages of the range; nothing is allocated or copied. */
    @Override
    public long cont(Task t, Mm mm, Vma v, long start, long len) {
        long ps = env.pageSize();
        for (long a = start; a < start + len; a += ps) {
            long vpn = a >>> env.pageShift();
            if (cache.peek(v.file, install.fileIndex(v, vpn)) < 0) {
                return -14; // EFAULT: the page is not in the page cache
            }
            if (Pte.present(mm.pt.get(vpn))) {
                return Mfill.EEXIST;
            }
        }
        boolean writable = v.shared() && (v.flags & Vma.VM_WRITE) != 0;
        for (long a = start; a < start + len; a += ps) {
            long vpn = a >>> env.pageShift();
            long pfn = cache.peek(v.file, install.fileIndex(v, vpn));
            PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
            install.installPte(t, mm, table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | (writable ? Pte.WRITE : 0)), env.costs().ns(Cost.FILE_PAGE_OP));
            mfill.continuedPages(1);
        }
        return 0;
    }
}
