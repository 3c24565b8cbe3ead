package numasim.vm;

import java.util.function.Consumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * handle_mm_fault: the page-fault entry, the classic path under mmap_sem and the speculative one, and
 * the part of handle_pte_fault every backing shares (the VMA look-up, guard markers, userfaults,
 * do_wp_page for anonymous pages shared since fork); the rest goes to the VMA's backing ({@link VmOps}).
 *
 * <p>Classic (handle_mm_fault under mmap_sem for read): look up the VMA, check the access, then the
 * backing's fault. Speculative (the SPF series, when the kernel has it and the mm has more than one user):
 * get_vma under mm_rb_lock with a VMA reference, sample the VMA's sequence count, check the VMA, walk the
 * page table without allocating, allocate and zero the page, then at pte_map_lock re-check the sequence
 * count and the PMD and trylock the PTE lock; any change aborts (the page is freed) and the classic path
 * runs. Only anonymous VMAs are tried speculatively, as in the series.
 */
public final class Fault {
    private final VmEnv env;
    private final PageTables tables;
    private final AnonShare share;
    private final PteInstall install;
    private final AnonOps anon;
    private final FaultCounters c;
    private final long[] spf;
    /** The counter of each abort reason, by SpfEvent ordinal. */
    private final long[][] aborts = new long[SpfEvent.values().length][];
    /** pte_map_lock's spin_trylock found the PTE lock taken and went round again. */
    private final long[] trylockFailed;

    Fault(VmEnv env, PageTables tables, AnonShare share, PteInstall install, AnonOps anon, FaultCounters c) {
        this.env = env;
        this.tables = tables;
        this.share = share;
        this.install = install;
        this.anon = anon;
        this.c = c;
        this.trylockFailed = env.spf() ? env.counters().counter(SpfEvent.PTE_TRYLOCK_RETRY) : new long[1];
        if (env.spf()) {
            this.spf = env.counters().counter(SpfEvent.SPF);
            for (SpfEvent a : SpfEvent.ABORTS) {
                aborts[a.ordinal()] = env.counters().counter(a);
            }
        } else {
            this.spf = new long[1];
        }
    }

    /** A user access to {@code addr} faulted: handle it, then {@code k} gets the outcome. */
    public void handle(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> k) {
        c.faults[0]++;
        t.sys(env.costs().ns(Cost.FAULT_ENTRY));
        if (env.spf()) {
            t.sys(env.costs().ns(Cost.SPF_FAULT_OVERHEAD));
        }
        VmFault vmf = new VmFault(t, mm, addr, addr >>> env.pageShift(), write, k);
        if (env.spf() && mm.users() > 1) {
            if (!t.synced()) {
                t.sync(() -> speculative(vmf));
            } else {
                speculative(vmf);
            }
            return;
        }
        classic(vmf);
    }

    private void classic(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        vmf.ret = r -> {
            if (r instanceof Outcome.Userfault u) {
                // handle_userfault drops mmap_sem, sleeps, and the fault is retried (VM_FAULT_RETRY)
                mm.mmapSem.upRead(t, () -> u.ctx().sleep(t, u.waiter(), () -> classic(vmf)));
                return;
            }
            if (r instanceof Outcome.Mapped) {
                t.sys(env.costs().ns(Cost.HPTE_INSERT));
            }
            mm.mmapSem.upRead(t, () -> vmf.k.accept(r));
        };
        mm.mmapSem.downRead(t, () -> underMmapSem(vmf));
    }

    /** handle_mm_fault with mmap_sem held; the backing's fault may sleep (a disk read) before it finishes. */
    private void underMmapSem(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        // find_vma reads mm->vmacache_seqnum and mm_rb, which share a line with mm_rb_lock under SPF
        t.sysUntil(env.coherence().read(mm.rbLock, t.cpu(), t.cursor()));
        t.sys(env.costs().ns(Cost.FIND_VMA));
        Vma v = mm.vmaAt(vmf.address);
        if (v == null || !v.allows(vmf.write)) {
            c.segv[0]++;
            vmf.finish(Outcome.Signal.SEGV);
            return;
        }
        t.sys(env.costs().ns(Cost.HANDLE_MM_FAULT));
        vmf.vma = v;
        vmf.origPte = mm.pt.get(vmf.vpn);
        long pte = vmf.origPte;
        if ((pte & Pte.GUARD) != 0) {
            c.guard[0]++; // a guard marker: SIGSEGV
            c.segv[0]++;
            vmf.finish(Outcome.Signal.SEGV);
            return;
        }
        if (v.uffd != null) {
            Outcome uf = userfault(vmf);
            if (uf != null) {
                vmf.finish(uf);
                return;
            }
        }
        if (Pte.present(pte) && vmf.write && !Pte.writable(pte) && (pte & (Pte.ZERO | Pte.FILE)) == 0) {
            vmf.finish(anonWp(vmf)); // do_wp_page on an anonymous page shared since fork
            return;
        }
        v.ops.fault(vmf);
    }

    /** The userfault a fault in a registered VMA raises: the backing's missing or minor one, else write-protect. */
    private Outcome userfault(VmFault vmf) {
        Outcome uf = vmf.vma.ops.userfault(vmf);
        if (uf != null) {
            return uf;
        }
        long pte = vmf.origPte;
        if (Pte.present(pte) && vmf.write && (pte & Pte.UFFD_WP) != 0 && (vmf.vma.flags & Vma.VM_UFFD_WP) != 0) {
            return vmf.vma.uffd.handle(vmf.task, vmf.address, Vma.VM_UFFD_WP, vmf.write);
        }
        return null;
    }

    /**
     * do_wp_page for an anonymous page write-protected by fork: the last mapper reuses it (no flush
     * needed, the permission only grows); otherwise copy it and flush the old translation.
     */
    private Outcome anonWp(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        long pfn = Pte.pfn(vmf.origPte);
        vmf.table = mm.pt.table(vmf.vpn);
        install.lockPtl(t, vmf.table);
        if (!share.shared(pfn)) {
            c.reuse[0]++;
            install.setPte(t, mm, vmf.table, vmf.vpn, vmf.origPte | Pte.WRITE | Pte.DIRTY, 0);
            return Outcome.Mapped.PAGE;
        }
        c.cow[0]++;
        vmf.page = install.newPage(t);
        t.sys(install.copyNs());
        share.unmapLast(pfn);
        install.setPte(t, mm, vmf.table, vmf.vpn, Pte.make(vmf.page, Pte.PRESENT | Pte.WRITE | Pte.DIRTY), 0);
        env.shootdown().flushRange(t, mm.id(), mm.cpumask, vmf.vpn, 1, 0);
        return Outcome.Mapped.COW;
    }

    // ---- speculative page faults ---------------------------------------------------------------

    /**
     * An atomic on a line other CPUs share, at an event of its own (the clock at the task's cursor), so
     * that CPUs queue on the line in the order they really reach it; then {@code k}.
     */
    private void atomicAt(Task t, numasim.coherence.CacheLine line, Runnable k) {
        if (!t.synced()) {
            t.sync(() -> atomicAt(t, line, k));
            return;
        }
        t.sysUntil(env.coherence().atomic(line, t.cpu(), t.cursor()));
        k.run();
    }

    private void speculative(VmFault vmf) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        // get_vma(): read_lock(mm_rb_lock), find the VMA, take a reference, read_unlock
        atomicAt(t, mm.rbLock, () -> {
            t.sys(env.costs().ns(Cost.FIND_VMA));
            Vma v = mm.vmaAt(vmf.address);
            if (v == null) {
                atomicAt(t, mm.rbLock, () -> classic(vmf));
                return;
            }
            atomicAt(t, v.line, () -> atomicAt(t, mm.rbLock, () -> speculativeOn(vmf, v)));
        });
    }

    /** The speculative fault once get_vma() returned {@code v} with a reference. */
    private void speculativeOn(VmFault vmf, Vma v) {
        Task t = vmf.task;
        Mm mm = vmf.mm;
        long vpn = vmf.vpn;
        vmf.vma = v;
        vmf.sequence = v.seq;
        vmf.sampledAt = t.cursor();
        SpfEvent early = !v.allows(vmf.write) ? SpfEvent.VMA_ACCESS
                : !v.anonymous() || v.uffd != null ? SpfEvent.VMA_NOTSUP // userfaultfd_armed: left to the classic path
                : v.anonVma == 0 ? SpfEvent.VMA_NOANON
                : v.beingWritten(t.cursor()) ? SpfEvent.VMA_CHANGED // the count read odd
                : !tables.walkable(mm, vpn) ? SpfEvent.VMA_NOTSUP // out_walk: a level is not populated yet
                : (mm.pt.get(vpn) & Pte.GUARD) != 0 ? SpfEvent.VMA_NOTSUP // a PTE marker: the classic path handles it
                : null;
        if (early != null) {
            abort(vmf, early);
            return;
        }
        t.sys(env.costs().ns(Cost.HANDLE_MM_FAULT));
        vmf.table = mm.pt.table(vpn);
        long pte = mm.pt.get(vpn);
        vmf.origPte = pte;
        if (Pte.present(pte) && vmf.write && !Pte.writable(pte) && (pte & Pte.ZERO) == 0) {
            abort(vmf, SpfEvent.VMA_NOTSUP); // do_wp_page of a forked page: left to the classic path here
            return;
        }
        boolean breakZero = Pte.present(pte) && vmf.write && !Pte.writable(pte) && (pte & Pte.ZERO) != 0;
        boolean map = !Pte.present(pte);
        vmf.page = (map && vmf.write) || breakZero ? install.newZeroedPage(t) : 0;
        pteMapLock(vmf, () -> {
            long now = mm.pt.get(vpn);
            Outcome r;
            if (now != pte) {
                // another thread got there first: like pte_same() failing, the work is done
                if (vmf.page != 0) {
                    env.mem().freePage(t, vmf.page);
                }
                c.spurious[0]++;
                r = Outcome.Spurious.SPURIOUS;
            } else if (map) {
                r = anon.mapNew(vmf);
            } else if (breakZero) {
                r = anon.breakZeroPage(vmf);
            } else {
                c.spurious[0]++;
                r = Outcome.Spurious.SPURIOUS;
            }
            if (r != Outcome.Spurious.SPURIOUS) {
                t.sys(env.costs().ns(Cost.HPTE_INSERT));
            }
            spf[0]++;
            atomicAt(t, v.line, () -> t.sync(() -> vmf.k.accept(r))); // put_vma
        });
    }

    /**
     * pte_map_lock as v11 has it: when the CPU gets there, re-check everything the walk relied on (a
     * change of the VMA since the count was sampled, or in progress; the PMD), then spin_trylock the PTE
     * lock, and when another CPU holds it, go round again (the checks included) once it is free.
     */
    private void pteMapLock(VmFault vmf, Runnable locked) {
        Task t = vmf.task;
        Vma v = vmf.vma;
        t.sync(() -> {
            double now = t.cursor();
            SpfEvent late = v.seq != vmf.sequence || !v.attached || v.writeFrom <= now && v.writeUntil > vmf.sampledAt ? SpfEvent.VMA_CHANGED
                    : vmf.mm.pt.table(vmf.vpn) != vmf.table ? SpfEvent.PMD_CHANGED
                    : null;
            if (late != null) {
                abort(vmf, late);
                return;
            }
            if (!vmf.table.ptl.tryLock(t.cpu(), now, env.costs().ns(Cost.ATOMIC_LOCAL))) {
                trylockFailed[0]++;
                t.sysUntil(vmf.table.ptl.heldUntil());
                pteMapLock(vmf, locked);
                return;
            }
            locked.run();
        });
    }

    private void abort(VmFault vmf, SpfEvent why) {
        aborts[why.ordinal()][0]++;
        if (vmf.page != 0) {
            env.mem().freePage(vmf.task, vmf.page);
            vmf.page = 0;
        }
        atomicAt(vmf.task, vmf.vma.line, () -> classic(vmf)); // put_vma
    }
}
