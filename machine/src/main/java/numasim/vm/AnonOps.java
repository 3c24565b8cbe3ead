package numasim.vm;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Anonymous memory (vma_is_anonymous: no vm_ops in Linux, the fault path's own code): do_anonymous_page
 * (a read maps the zero page, a write a zeroed page), a write to the zero page copies it, transparent huge
 * pages, missing userfaults, and UFFDIO_COPY/ZEROPAGE into fresh pages.
 */
final class AnonOps extends BackingOps {
    private final VmaTree tree;

    AnonOps(Kit kit, VmaTree tree) {
        super(kit);
        this.tree = tree;
    }

    @Override
    public void fault(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        Vma v = vmf.vma;
        long pte = vmf.origPte;
        if (env.thp() && vmf.write && !Pte.present(pte) && hugeFits(mm, v, vmf.vpn)) {
            anonVmaPrepare(t, mm, v);
            Outcome huge = hugeAnonymous(t, mm, vmf.vpn);
            if (huge != null) {
                vmf.finish(huge);
                return;
            }
            c.thpFallback[0]++;
        }
        vmf.table = tables.walkAlloc(t, mm, vmf.vpn);
        Outcome r;
        if (!Pte.present(pte)) {
            if (vmf.write) {
                anonVmaPrepare(t, mm, v);
            }
            vmf.page = vmf.write ? install.newZeroedPage(t) : 0;
            r = mapNew(vmf);
        } else if (vmf.write && !Pte.writable(pte) && (pte & Pte.ZERO) != 0) {
            vmf.page = install.newZeroedPage(t);
            r = breakZeroPage(vmf);
        } else {
            c.spurious[0]++;
            r = Outcome.Spurious.SPURIOUS;
        }
        vmf.finish(r);
    }

    /** The PMD-aligned range around {@code vpn} lies inside {@code v} and has no PTE table or huge page yet. */
    private boolean hugeFits(Mm mm, Vma v, long vpn) {
        long span = 1L << env.pteBits();
        long base = vpn & -span;
        return base << env.pageShift() >= v.start && (base + span) << env.pageShift() <= v.end
                && mm.pt.table(vpn) == null && mm.pt.hugeAt(vpn) < 0;
    }

    /**
     * do_huge_pmd_anonymous_page: an order-9 (one PTE table's worth) block, zeroed whole and mapped by the
     * PMD; null when no such block is free (the fault falls back to a base page).
     */
    private Outcome hugeAnonymous(Task t, Mm mm, long vpn) {
        tables.walkAllocUpper(t, mm, vpn);
        int order = env.pteBits();
        long head = env.mem().tryAllocCompound(t, order, env.sched().cpu(t.cpu()).node);
        if (head < 0) {
            return null;
        }
        t.sys(env.mem().clearNs(order)); // clear_huge_page
        t.sysUntil(mm.pmdLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
        mm.pt.huge.put(mm.pt.pteIndex(vpn), head);
        install.rssEvent(t, mm, 1 << order, false);
        env.mem().lruAdd(t, head);
        c.thpAlloc[0]++;
        c.anon[0]++;
        return Outcome.Mapped.PAGE;
    }

    /** anon_vma_prepare: reuse a compatible neighbour's anon_vma, else make one (a change of the VMA). */
    private void anonVmaPrepare(Task t, Mm mm, Vma v) {
        if (v.anonVma != 0) {
            return;
        }
        Vma prev = mm.vmaAt(v.start - 1);
        Vma next = mm.vmaAt(v.end);
        int id = prev != null && prev.anonVma != 0 && prev.flags == v.flags ? prev.anonVma
                : next != null && next.anonVma != 0 && next.flags == v.flags ? next.anonVma : mm.nextAnonVma++;
        tree.changed(t, v);
        v.anonVma = id;
        t.sys(env.costs().ns(Cost.PCP_OP));
    }

    /** do_anonymous_page's mapping step: the zero page for a read, {@code vmf.page} (allocated, zeroed) for a write. */
    Outcome mapNew(VmFault vmf) {
        c.anon[0]++;
        if (!vmf.write) {
            install.installPte(vmf.task, vmf.mm, vmf.table, vmf.vpn, Pte.make(env.mem().zeroPfn(), Pte.PRESENT | Pte.ZERO));
            c.zero[0]++;
            return Outcome.Mapped.ZERO_PAGE;
        }
        install.installPte(vmf.task, vmf.mm, vmf.table, vmf.vpn, Pte.make(vmf.page, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        return Outcome.Mapped.PAGE;
    }

    /** wp_page_copy from the zero page: map {@code vmf.page} and flush the old read-only translation everywhere. */
    Outcome breakZeroPage(VmFault vmf) {
        c.cow[0]++;
        install.installPte(vmf.task, vmf.mm, vmf.table, vmf.vpn, Pte.make(vmf.page, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        env.shootdown().flushRange(vmf.task, vmf.mm.id(), vmf.mm.cpumask, vmf.vpn, 1, 0);
        return Outcome.Mapped.COW;
    }

    @Override
    public Outcome userfault(VmFault vmf) {
        if (!Pte.present(vmf.origPte) && (vmf.vma.flags & Vma.VM_UFFD_MISSING) != 0) {
            return vmf.vma.uffd.handle(vmf.task, vmf.address, Vma.VM_UFFD_MISSING, vmf.write);
        }
        return null;
    }

    @Override
    public boolean canUserfault(int vmFlags, long features) {
        return (vmFlags & Vma.VM_UFFD_MINOR) == 0; // missing and write-protect
    }

    /** mcopy_atomic_pte / mfill_zeropage_pte: a fresh page per base page, copied into or cleared. */
    @Override
    public long fill(Task t, Mm mm, Vma v, long dst, long len, boolean copy) {
        return mfill.pages(t, mm, dst, len, copy, (table, vpn, pfn) -> {
            install.installPte(t, mm, table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.DIRTY | ((v.flags & Vma.VM_WRITE) != 0 ? Pte.WRITE : 0)));
            return 0;
        });
    }
}
