package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Files on a DAX device (dax_iomap_fault): device pages are mapped straight in, without a page cache, by
 * the PMD when the aligned huge page lies inside the VMA and the file offset is aligned too; a write to a
 * private mapping copies the page into anonymous memory. Mapping and unmapping take and drop page
 * references as the device's refcount scheme says.
 */
final class DaxOps extends BackingOps {
    private final DaxDevice dax;

    DaxOps(Kit kit, DaxDevice dax) {
        super(kit);
        this.dax = dax;
    }

    @Override
    public void fault(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        Vma v = vmf.vma;
        long vpn = vmf.vpn;
        long index = install.fileIndex(v, vpn);
        if (index >= v.file.daxPages || index << env.pageShift() >= v.file.size) {
            c.sigbus[0]++;
            vmf.finish(Outcome.Signal.SIGBUS);
            return;
        }
        if (Pte.present(mm.pt.get(vpn))) {
            c.spurious[0]++;
            vmf.finish(Outcome.Spurious.SPURIOUS);
            return;
        }
        t.sys(env.costs().ns(Cost.FILE_PAGE_OP)); // the iomap look-up of the extent
        long span = 1L << env.pteBits();
        long base = vpn & -span;
        long baseIndex = index - (vpn - base);
        boolean legacy = dax.refcount() == DaxDevice.Refcount.LEGACY;
        if (v.shared() && base << env.pageShift() >= v.start && (base + span) << env.pageShift() <= v.end && (baseIndex & (span - 1)) == 0
                && mm.pt.table(vpn) == null && baseIndex + span <= v.file.daxPages) {
            long head = dax.pfn(v.file, baseIndex);
            install.mapFilePmd(t, mm, vpn, head);
            dax.mapped(head);
            c.daxPmd[0]++;
            vmf.finish(Outcome.Mapped.PAGE);
            return;
        }
        vmf.table = tables.walkAlloc(t, mm, vpn);
        install.lockPtl(t, vmf.table);
        long pfn = dax.pfn(v.file, index);
        if (vmf.write && !v.shared()) {
            vmf.page = install.newPage(t);
            t.sys(install.copyNs());
            install.setPte(t, mm, vmf.table, vpn, Pte.make(vmf.page, Pte.PRESENT | Pte.WRITE | Pte.DIRTY), 0);
            c.cow[0]++;
            vmf.finish(Outcome.Mapped.COW);
            return;
        }
        boolean writable = v.shared() && (v.flags & Vma.VM_WRITE) != 0;
        install.setPte(t, mm, vmf.table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | (writable ? Pte.WRITE | Pte.DIRTY : 0) | (legacy ? Pte.DEVMAP : 0)), 0);
        dax.mapped(pfn);
        c.daxPte[0]++;
        vmf.finish(Outcome.Mapped.PAGE);
    }

    /** A PTE or PMD mapping of a device page went away: the device's reference scheme drops one. */
    @Override
    public void zapFilePage(long pfn) {
        dax.unmapped(pfn);
    }
}
