package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * A file in the page cache (filemap's generic_file_vm_ops): do_read_fault with fault-around and the
 * postponed PTE-table allocation, do_cow_fault for private writes, do_shared_fault and wp_page_shared for
 * shared ones. A page beyond the end of the file is SIGBUS. Disk files (a missing page is read while the
 * task sleeps) and shmem/tmpfs ({@link ShmemOps}) share it.
 */
class FileOps extends BackingOps {

    FileOps(Kit kit) {
        super(kit);
    }

    /** Whether the file page behind {@code vpn} is in the page cache. */
    boolean cached(Vma v, long vpn) {
        long index = install.fileIndex(v, vpn);
        return index < cache.pages(v.file) && cache.peek(v.file, index) >= 0;
    }

    @Override
    public void fault(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        Vma v = vmf.vma;
        long vpn = vmf.vpn;
        long index = install.fileIndex(v, vpn);
        if (index >= cache.pages(v.file)) {
            c.sigbus[0]++; // beyond the end of the file
            vmf.finish(Outcome.Signal.SIGBUS);
            return;
        }
        long pte = mm.pt.get(vpn);
        if (Pte.present(pte)) {
            if (vmf.write && !Pte.writable(pte) && (pte & Pte.FILE) != 0) {
                vmf.table = mm.pt.table(vpn);
                if (v.shared()) {
                    // wp_page_shared: the page becomes dirty and writable
                    cache.markDirty(t, v.file, index);
                    install.installPte(t, mm, vmf.table, vpn, pte | Pte.WRITE | Pte.DIRTY);
                    c.fileShared[0]++;
                    vmf.finish(Outcome.Mapped.PAGE);
                } else {
                    vmf.finish(copyIn(vmf, Pte.pfn(pte), true));
                }
                return;
            }
            vmf.finish(Outcome.Spurious.SPURIOUS);
            return;
        }
        if (!vmf.write) {
            readFault(vmf, index);
        } else if (v.shared()) {
            cache.get(t, v.file, index, pfn -> { // do_shared_fault
                cache.markDirty(t, v.file, index);
                vmf.table = tables.walkAlloc(t, mm, vpn);
                install.installPte(t, mm, vmf.table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY | Pte.FILE));
                c.fileShared[0]++;
                vmf.finish(Outcome.Mapped.PAGE);
            });
        } else {
            cache.get(t, v.file, index, pfn -> {
                vmf.table = tables.walkAlloc(t, mm, vpn);
                vmf.finish(copyIn(vmf, pfn, false));
            });
        }
    }

    /** do_cow_fault / wp_page_copy: a private anonymous copy of page-cache page {@code src}. */
    private Outcome copyIn(VmFault vmf, long src, boolean replacing) {
        Task t = vmf.task;
        c.fileCow[0]++;
        vmf.page = install.newPage(t);
        t.sys(install.copyNs());
        install.installPte(t, vmf.mm, vmf.table, vmf.vpn, Pte.make(vmf.page, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        if (replacing) {
            env.shootdown().flushRange(t, vmf.mm.id(), vmf.mm.cpumask, vmf.vpn, 1, 0);
        }
        return Outcome.Mapped.COW;
    }

    private void readFault(VmFault vmf, long index) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        Vma v = vmf.vma;
        long vpn = vmf.vpn;
        c.fileRead[0]++;
        int around = (int) (env.faultAroundBytes() >>> env.pageShift());
        if (around > 1 && (v.flags & Vma.VM_UFFD_MINOR) == 0) { // no fault-around where minor faults are intercepted
            if (mm.pt.table(vpn) == null) {
                tables.walkAllocUpper(t, mm, vpn);
                vmf.prealloc = tables.allocTablePage(t); // pte_alloc_one before the atomic map_pages
            }
            mapPages(vmf, around);
            if (Pte.present(mm.pt.get(vpn))) {
                freeUnused(vmf);
                vmf.finish(Outcome.Mapped.PAGE);
                return;
            }
        }
        cache.get(t, v.file, index, pfn -> {
            vmf.table = mm.pt.table(vpn);
            if (vmf.table == null) {
                vmf.table = vmf.prealloc != 0 ? tables.installTable(mm, vpn, vmf.prealloc) : tables.walkAlloc(t, mm, vpn);
                vmf.prealloc = 0;
            }
            if (!Pte.present(mm.pt.get(vpn))) {
                install.installPte(t, mm, vmf.table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE));
            }
            freeUnused(vmf);
            vmf.finish(Outcome.Mapped.PAGE);
        });
    }

    private void freeUnused(VmFault vmf) {
        if (vmf.prealloc != 0) {
            c.preallocUnused[0]++;
            tables.freeTablePage(vmf.task, vmf.prealloc);
            vmf.prealloc = 0;
        }
    }

    /**
     * do_fault_around + filemap_map_pages: the window is the {@code around}-page aligned block holding the
     * address, clipped to the VMA and to the PTE table; only cached pages with no PTE get mapped.
     */
    private void mapPages(VmFault vmf, int around) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        Vma v = vmf.vma;
        long vpn = vmf.vpn;
        long vmaStart = v.start >>> env.pageShift();
        long vmaEnd = v.end >>> env.pageShift();
        int ptes = mm.pt.entriesPerTable();
        long start = Math.max(vpn & -(long) around, vmaStart);
        long tableEnd = (start | (ptes - 1)) + 1;
        long end = Math.min(Math.min(start + around, vmaEnd), tableEnd);
        long eof = cache.pages(v.file);
        PageTable.PteTable table = mm.pt.table(vpn);
        boolean locked = false;
        for (long p = start; p < end; p++) {
            long index = install.fileIndex(v, p);
            if (index >= eof) {
                break;
            }
            long pfn = cache.peek(v.file, index);
            if (pfn < 0 || (table != null && Pte.present(mm.pt.get(p)))) {
                continue;
            }
            if (table == null) {
                table = tables.installTable(mm, vpn, vmf.prealloc); // the preallocated table is used
                vmf.prealloc = 0;
            }
            if (!locked) {
                install.lockPtl(t, table);
                locked = true;
            }
            install.setPte(t, mm, table, p, Pte.make(pfn, Pte.PRESENT | Pte.FILE), env.costs().ns(Cost.FILE_PAGE_OP));
            if (p != vpn) {
                c.aroundMapped[0]++;
            }
        }
        vmf.table = table;
    }
}
