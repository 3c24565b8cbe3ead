package numasim.vm;

import java.util.function.Consumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The page-fault paths for anonymous memory.
 *
 * <p>Classic (handle_mm_fault under mmap_sem for read): look up the VMA, walk the page table allocating
 * missing levels, then do_anonymous_page (read: map the zero page; write: allocate, zero and map a page)
 * or do_wp_page (a write to the zero page gets its own page and flushes the old translation from every CPU
 * of the mm).
 *
 * <p>Speculative (the SPF series, when the kernel has it and the mm has more than one user): get_vma under
 * mm_rb_lock with a VMA reference, sample the VMA's sequence count, check the VMA, walk the page table
 * without allocating, allocate and zero the page, then at pte_map_lock re-check the sequence count and
 * the PMD and trylock the PTE lock; any change aborts (the page is freed) and the classic path runs.
 */
public final class Fault {
    /** What a fault did. */
    public enum Outcome {
        MAPPED, ZERO_PAGE, COW, SPURIOUS, SEGV,
        /** The fault went to a userfaultfd: the thread sleeps until the handler resolves it, then retries. */
        USERFAULT,
        /** A userfault with UFFD_FEATURE_SIGBUS: the thread gets SIGBUS. */
        SIGBUS
    }

    /** Why a speculative fault gave up, as the series' trace events name it. */
    enum Abort {
        VMA_CHANGED("pagefault:spf_vma_changed"),
        VMA_NOANON("pagefault:spf_vma_noanon"),
        VMA_NOTSUP("pagefault:spf_vma_notsup"),
        VMA_ACCESS("pagefault:spf_vma_access"),
        PMD_CHANGED("pagefault:spf_pmd_changed");

        final String event;

        Abort(String event) {
            this.event = event;
        }
    }

    /** TASK_RSS_EVENTS_THRESH: RSS events a task batches before touching the mm's counters. */
    static final int RSS_EVENTS_THRESH = 64;

    private final VmEnv env;
    private final PageTables tables;
    private final VmaTree tree;
    private final AnonShare share;
    private final FileFault files;
    private final long[] reuse;
    private final long[] faults;
    private final long[] anon;
    private final long[] zero;
    private final long[] cow;
    private final long[] spurious;
    private final long[] segv;
    private final long[] spf;
    private final long[] thpAlloc;
    private final long[] thpFallback;
    private final long[][] aborts = new long[Abort.values().length][];
    /** pte_map_lock's spin_trylock found the PTE lock taken and went round again. */
    private final long[] trylockFailed;

    Fault(VmEnv env, PageTables tables, VmaTree tree, AnonShare share, PageCache cache) {
        this.env = env;
        this.tables = tables;
        this.tree = tree;
        this.share = share;
        this.files = new FileFault(env, tables, cache, this);
        this.reuse = env.counters().counter("fault:wp_reuse");
        this.faults = env.counters().counter("faults");
        this.anon = env.counters().counter("fault:anon");
        this.zero = env.counters().counter("fault:zero_page");
        this.cow = env.counters().counter("fault:cow");
        this.spurious = env.counters().counter("fault:spurious");
        this.segv = env.counters().counter("fault:segv");
        this.thpAlloc = env.counters().counter("thp:fault_alloc");
        this.thpFallback = env.counters().counter("thp:fault_fallback");
        this.trylockFailed = env.spf() ? env.counters().counter("spf:pte_trylock_retry") : new long[1];
        if (env.spf()) {
            this.spf = env.counters().counter("spf");
            for (Abort a : Abort.values()) {
                aborts[a.ordinal()] = env.counters().counter(a.event);
            }
        } else {
            this.spf = new long[1];
        }
    }

    /** A user access to {@code addr} faulted: handle it, then {@code k} gets the outcome. */
    public void handle(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> k) {
        faults[0]++;
        t.sys(env.costs().ns(Cost.FAULT_ENTRY));
        if (env.spf()) {
            t.sys(env.costs().ns(Cost.SPF_FAULT_OVERHEAD));
        }
        if (env.spf() && mm.users() > 1) {
            if (!t.synced()) {
                t.sync(() -> speculative(t, mm, addr, write, k));
            } else {
                speculative(t, mm, addr, write, k);
            }
            return;
        }
        classic(t, mm, addr, write, k);
    }

    private void classic(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> k) {
        mm.mmapSem.downRead(t, () -> underMmapSem(t, mm, addr, write, r -> {
            if (r == Outcome.USERFAULT) {
                // handle_userfault drops mmap_sem, sleeps, and the fault is retried (VM_FAULT_RETRY)
                Userfaultfd ctx = userfaulting.remove(t);
                mm.mmapSem.upRead(t, () -> ctx.sleep(t, () -> classic(t, mm, addr, write, k)));
                return;
            }
            if (r != Outcome.SPURIOUS && r != Outcome.SEGV && r != Outcome.SIGBUS) {
                t.sys(env.costs().ns(Cost.HPTE_INSERT));
            }
            mm.mmapSem.upRead(t, () -> k.accept(r));
        }));
    }

    private Hugetlbfs hugetlbfs;
    private DaxDevice dax;

    void setDax(DaxDevice d) {
        this.dax = d;
    }

    /**
     * A fault on a DAX file (dax_iomap_fault): the device page is mapped straight in, by the PMD when the
     * aligned huge page lies inside the VMA and the file offset is aligned too; a write to a private
     * mapping copies the page into anonymous memory.
     */
    private Outcome daxFault(Task t, Mm mm, Vma v, long vpn, boolean write) {
        long index = v.pgoff + vpn - (v.start >>> env.pageShift());
        if (index >= v.file.daxPages || index << env.pageShift() >= v.file.size) {
            env.counters().add("fault:sigbus", 1);
            return Outcome.SIGBUS;
        }
        long pte = mm.pt.get(vpn);
        if (Pte.present(pte)) {
            spurious[0]++;
            return Outcome.SPURIOUS;
        }
        t.sys(env.costs().ns(Cost.FILE_PAGE_OP)); // the iomap look-up of the extent
        long span = 1L << env.pteBits();
        long base = vpn & -span;
        long baseIndex = index - (vpn - base);
        boolean legacy = dax.refcount() == DaxDevice.Refcount.LEGACY;
        if (v.shared() && base << env.pageShift() >= v.start && (base + span) << env.pageShift() <= v.end && (baseIndex & (span - 1)) == 0
                && mm.pt.table(vpn) == null && baseIndex + span <= v.file.daxPages) {
            long head = dax.pfn(v.file, baseIndex);
            mapFilePmd(t, mm, vpn, head);
            dax.mapped(head);
            env.counters().add("dax:pmd_faults", 1);
            return Outcome.MAPPED;
        }
        PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
        lockPtl(t, table);
        long pfn = dax.pfn(v.file, index);
        if (write && !v.shared()) {
            long copy = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
            t.sys(copyNs());
            mm.pt.set(table, vpn, Pte.make(copy, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
            rssEvent(t, mm, 1);
            cow[0]++;
            return Outcome.COW;
        }
        boolean writable = v.shared() && (v.flags & Vma.VM_WRITE) != 0;
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE | (writable ? Pte.WRITE | Pte.DIRTY : 0) | (legacy ? Pte.DEVMAP : 0)));
        rssEvent(t, mm, 1, true);
        dax.mapped(pfn);
        env.counters().add("dax:pte_faults", 1);
        return Outcome.MAPPED;
    }

    void setHugetlbfs(Hugetlbfs h) {
        this.hugetlbfs = h;
    }

    /** The huge page index in the file of the huge page holding {@code addr}. */
    long hugeIndex(Vma v, long addr) {
        long huge = env.pageSize() << env.pteBits();
        return (v.pgoff >>> env.pteBits()) + ((addr & -huge) - v.start) / huge;
    }

    /**
     * hugetlb_fault: the file's huge page is mapped by the PMD; a missing one is taken from the pool and
     * zeroed (none left: SIGBUS, as the kernel does).
     */
    private Outcome hugetlbFault(Task t, Mm mm, Vma v, long addr) {
        long huge = env.pageSize() << env.pteBits();
        long vpn = (addr & -huge) >>> env.pageShift();
        if (mm.pt.hugeAt(vpn) >= 0) {
            spurious[0]++;
            return Outcome.SPURIOUS;
        }
        long index = hugeIndex(v, addr);
        long pfn = files.peek(v.file, index);
        if (pfn < 0) {
            pfn = hugetlbfs == null ? -1 : hugetlbfs.alloc(env.sched().cpu(t.cpu()).node);
            if (pfn < 0) {
                env.counters().add("fault:sigbus", 1);
                return Outcome.SIGBUS;
            }
            t.sys((1L << env.pteBits()) * env.costs().ns(Cost.ZERO_PAGE)); // clear_huge_page
            files.insert(t, v.file, index, pfn);
            env.counters().add("hugetlb:fault_alloc", 1);
        }
        mapFilePmd(t, mm, vpn, pfn);
        return Outcome.MAPPED;
    }

    /** Maps a file-owned huge page (hugetlbfs or DAX) {@code pfn} by the PMD at {@code vpn}; unmapping never frees it. */
    void mapFilePmd(Task t, Mm mm, long vpn, long pfn) {
        tables.walkAllocUpper(t, mm, vpn);
        t.sysUntil(mm.pmdLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
        mm.pt.huge.put(mm.pt.pteIndex(vpn), pfn);
        mm.pt.hugeFile.add(mm.pt.pteIndex(vpn));
        mm.rssFile += 1L << env.pteBits();
    }

    /** Threads whose fault went to a userfaultfd, until they drop mmap_sem to sleep. */
    private final java.util.IdentityHashMap<Task, Userfaultfd> userfaulting = new java.util.IdentityHashMap<>();

    private Outcome userfault(Task t, Vma v, long addr, int reason, boolean write) {
        Outcome r = v.uffd.handle(t, addr, reason, write);
        if (r == Outcome.USERFAULT) {
            userfaulting.put(t, v.uffd);
        }
        return r;
    }

    /** The userfault a fault in a registered VMA raises (missing, minor, write-protect), or null. */
    private Outcome userfaultFor(Task t, Mm mm, Vma v, long addr, long pte, boolean write) {
        if (v.uffd == null) {
            return null;
        }
        if (v.anonymous()) {
            if (!Pte.present(pte) && (v.flags & Vma.VM_UFFD_MISSING) != 0) {
                return userfault(t, v, addr, Vma.VM_UFFD_MISSING, write);
            }
        } else if (v.hugetlb() && mm.pt.hugeAt(addr >>> env.pageShift()) < 0) {
            long huge = env.pageSize() << env.pteBits();
            boolean cached = files.peek(v.file, hugeIndex(v, addr)) >= 0;
            if (!cached && (v.flags & Vma.VM_UFFD_MISSING) != 0) {
                return userfault(t, v, addr & -huge, Vma.VM_UFFD_MISSING, write);
            }
            if (cached && (v.flags & Vma.VM_UFFD_MINOR) != 0) {
                return userfault(t, v, addr & -huge, Vma.VM_UFFD_MINOR, write);
            }
        } else if (v.shmem() && !Pte.present(pte)) {
            long vpn = addr >>> env.pageShift();
            boolean cached = files.cached(v, vpn);
            if (!cached && (v.flags & Vma.VM_UFFD_MISSING) != 0) {
                return userfault(t, v, addr, Vma.VM_UFFD_MISSING, write);
            }
            if (cached && (v.flags & Vma.VM_UFFD_MINOR) != 0) {
                return userfault(t, v, addr, Vma.VM_UFFD_MINOR, write);
            }
        }
        if (Pte.present(pte) && write && (pte & Pte.UFFD_WP) != 0 && (v.flags & Vma.VM_UFFD_WP) != 0) {
            return userfault(t, v, addr, Vma.VM_UFFD_WP, write);
        }
        return null;
    }

    /** handle_mm_fault with mmap_sem held; a file fault may sleep on a disk read before {@code done}. */
    private void underMmapSem(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> done) {
        // find_vma reads mm->vmacache_seqnum and mm_rb, which share a line with mm_rb_lock under SPF
        t.sysUntil(env.coherence().read(mm.rbLock, t.cpu(), t.cursor()));
        t.sys(env.costs().ns(Cost.FIND_VMA));
        Vma v = mm.vmaAt(addr);
        if (v == null || !v.allows(write)) {
            segv[0]++;
            done.accept(Outcome.SEGV);
            return;
        }
        t.sys(env.costs().ns(Cost.HANDLE_MM_FAULT));
        long vpn = addr >>> env.pageShift();
        long pte = mm.pt.get(vpn);
        if ((pte & Pte.GUARD) != 0) {
            env.counters().add("fault:guard", 1); // a guard marker: SIGSEGV
            segv[0]++;
            done.accept(Outcome.SEGV);
            return;
        }
        if (v.hugetlb()) {
            env.counters().add("hugetlb:faults", 1); // hugetlb_fault, whether it maps or hands the fault to a userfaultfd
        }
        Outcome uf = userfaultFor(t, mm, v, addr, pte, write);
        if (uf != null) {
            done.accept(uf);
            return;
        }
        if (Pte.present(pte) && write && !Pte.writable(pte) && (pte & (Pte.ZERO | Pte.FILE)) == 0) {
            done.accept(anonWp(t, mm, vpn, pte)); // do_wp_page on an anonymous page shared since fork
            return;
        }
        if (v.hugetlb()) {
            done.accept(hugetlbFault(t, mm, v, addr));
            return;
        }
        if (v.file != null && v.file.dax) {
            done.accept(daxFault(t, mm, v, vpn, write));
            return;
        }
        if (!v.anonymous()) {
            files.fault(t, mm, v, vpn, write, done);
            return;
        }
        if (env.thp() && write && !Pte.present(pte) && hugeFits(mm, v, vpn)) {
            anonVmaPrepare(t, mm, v);
            Outcome huge = hugeAnonymous(t, mm, vpn);
            if (huge != null) {
                done.accept(huge);
                return;
            }
            thpFallback[0]++;
        }
        PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
        Outcome r;
        if (!Pte.present(pte)) {
            if (write) {
                anonVmaPrepare(t, mm, v);
            }
            r = mapNew(t, mm, table, vpn, write, write ? newZeroedPage(t) : 0);
        } else if (write && !Pte.writable(pte) && (pte & Pte.ZERO) != 0) {
            r = breakZeroPage(t, mm, table, vpn, newZeroedPage(t));
        } else {
            spurious[0]++;
            r = Outcome.SPURIOUS;
        }
        done.accept(r);
    }

    /**
     * do_wp_page for an anonymous page write-protected by fork: the last mapper reuses it (no flush
     * needed, the permission only grows); otherwise copy it and flush the old translation.
     */
    private Outcome anonWp(Task t, Mm mm, long vpn, long pte) {
        long pfn = Pte.pfn(pte);
        PageTable.PteTable table = mm.pt.table(vpn);
        lockPtl(t, table);
        if (!share.shared(pfn)) {
            reuse[0]++;
            mm.pt.set(table, vpn, pte | Pte.WRITE | Pte.DIRTY);
            return Outcome.MAPPED;
        }
        cow[0]++;
        long copy = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(copyNs());
        share.unmapLast(pfn);
        mm.pt.set(table, vpn, Pte.make(copy, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        env.mem().lruAdd(t, copy);
        env.shootdown().flushRange(t, mm.id(), mm.cpumask, vpn, 1, 0);
        return Outcome.COW;
    }

    /** Copying one page (copy_user_highpage). */
    double copyNs() {
        return env.costs().copyNs(env.pageSize());
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
        long head = env.mem().tryAllocPages(t, order, env.sched().cpu(t.cpu()).node);
        if (head < 0) {
            return null;
        }
        t.sys((1L << order) * env.costs().ns(Cost.ZERO_PAGE)); // clear_huge_page
        t.sysUntil(mm.pmdLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
        mm.pt.huge.put(mm.pt.pteIndex(vpn), head);
        rssEvent(t, mm, 1 << order);
        env.mem().lruAdd(t, head);
        thpAlloc[0]++;
        anon[0]++;
        return Outcome.MAPPED;
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

    /** do_anonymous_page's mapping step: the zero page for a read, {@code pfn} (allocated, zeroed) for a write. */
    private Outcome mapNew(Task t, Mm mm, PageTable.PteTable table, long vpn, boolean write, long pfn) {
        anon[0]++;
        lockPtl(t, table);
        if (!write) {
            mm.pt.set(table, vpn, Pte.make(env.mem().zeroPfn(), Pte.PRESENT | Pte.ZERO));
            zero[0]++;
            return Outcome.ZERO_PAGE;
        }
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        rssEvent(t, mm, 1);
        env.mem().lruAdd(t, pfn);
        return Outcome.MAPPED;
    }

    /** wp_page_copy from the zero page: map {@code pfn} and flush the old read-only translation everywhere. */
    private Outcome breakZeroPage(Task t, Mm mm, PageTable.PteTable table, long vpn, long pfn) {
        cow[0]++;
        lockPtl(t, table);
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        rssEvent(t, mm, 1);
        env.mem().lruAdd(t, pfn);
        env.shootdown().flushRange(t, mm.id(), mm.cpumask, vpn, 1, 0);
        return Outcome.COW;
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

    private void speculative(Task t, Mm mm, long addr, boolean write, Consumer<Outcome> k) {
        // get_vma(): read_lock(mm_rb_lock), find the VMA, take a reference, read_unlock
        atomicAt(t, mm.rbLock, () -> {
            t.sys(env.costs().ns(Cost.FIND_VMA));
            Vma v = mm.vmaAt(addr);
            if (v == null) {
                atomicAt(t, mm.rbLock, () -> classic(t, mm, addr, write, k));
                return;
            }
            atomicAt(t, v.line, () -> atomicAt(t, mm.rbLock, () -> speculativeOn(t, mm, v, addr, write, k)));
        });
    }

    /** The speculative fault once get_vma() returned {@code v} with a reference. */
    private void speculativeOn(Task t, Mm mm, Vma v, long addr, boolean write, Consumer<Outcome> k) {
        int seq = v.seq;
        double sampled = t.cursor();
        long vpn = addr >>> env.pageShift();
        Abort early = !v.allows(write) ? Abort.VMA_ACCESS
                : !v.anonymous() || v.uffd != null ? Abort.VMA_NOTSUP // userfaultfd_armed: left to the classic path
                : v.anonVma == 0 ? Abort.VMA_NOANON
                : v.beingWritten(t.cursor()) ? Abort.VMA_CHANGED // the count read odd
                : !tables.walkable(mm, vpn) ? Abort.VMA_NOTSUP // out_walk: a level is not populated yet
                : (mm.pt.get(vpn) & Pte.GUARD) != 0 ? Abort.VMA_NOTSUP // a PTE marker: the classic path handles it
                : null;
        if (early != null) {
            abort(t, mm, v, addr, write, k, early, 0);
            return;
        }
        t.sys(env.costs().ns(Cost.HANDLE_MM_FAULT));
        PageTable.PteTable table = mm.pt.table(vpn);
        long pte = mm.pt.get(vpn);
        if (Pte.present(pte) && write && !Pte.writable(pte) && (pte & Pte.ZERO) == 0) {
            abort(t, mm, v, addr, write, k, Abort.VMA_NOTSUP, 0); // do_wp_page of a forked page: left to the classic path here
            return;
        }
        boolean breakZero = Pte.present(pte) && write && !Pte.writable(pte) && (pte & Pte.ZERO) != 0;
        boolean map = !Pte.present(pte);
        long pfn = (map && write) || breakZero ? newZeroedPage(t) : 0;
        pteMapLock(t, mm, v, seq, sampled, table, vpn, pfn, k, addr, write, () -> {
            long now = mm.pt.get(vpn);
            Outcome r;
            if (now != pte) {
                // another thread got there first: like pte_same() failing, the work is done
                if (pfn != 0) {
                    env.mem().freePage(t, pfn);
                }
                spurious[0]++;
                r = Outcome.SPURIOUS;
            } else if (map) {
                r = mapNew(t, mm, table, vpn, write, pfn);
            } else if (breakZero) {
                r = breakZeroPage(t, mm, table, vpn, pfn);
            } else {
                spurious[0]++;
                r = Outcome.SPURIOUS;
            }
            if (r != Outcome.SPURIOUS) {
                t.sys(env.costs().ns(Cost.HPTE_INSERT));
            }
            spf[0]++;
            atomicAt(t, v.line, () -> t.sync(() -> k.accept(r))); // put_vma
        });
    }

    /**
     * pte_map_lock as v11 has it: when the CPU gets there, re-check everything the walk relied on (a
     * change of the VMA since the count was sampled, or in progress; the PMD), then spin_trylock the PTE
     * lock, and when another CPU holds it, go round again (the checks included) once it is free.
     */
    private void pteMapLock(Task t, Mm mm, Vma v, int seq, double sampled, PageTable.PteTable table, long vpn, long pfn,
            Consumer<Outcome> k, long addr, boolean write, Runnable locked) {
        t.sync(() -> {
            double now = t.cursor();
            Abort late = v.seq != seq || !v.attached || v.writeFrom <= now && v.writeUntil > sampled ? Abort.VMA_CHANGED
                    : mm.pt.table(vpn) != table ? Abort.PMD_CHANGED
                    : null;
            if (late != null) {
                abort(t, mm, v, addr, write, k, late, pfn);
                return;
            }
            if (!table.ptl.tryLock(t.cpu(), now, env.costs().ns(Cost.ATOMIC_LOCAL))) {
                trylockFailed[0]++;
                t.sysUntil(table.ptl.heldUntil());
                pteMapLock(t, mm, v, seq, sampled, table, vpn, pfn, k, addr, write, locked);
                return;
            }
            locked.run();
        });
    }

    private void abort(Task t, Mm mm, Vma v, long addr, boolean write, Consumer<Outcome> k, Abort why, long pfn) {
        aborts[why.ordinal()][0]++;
        if (pfn != 0) {
            env.mem().freePage(t, pfn);
        }
        atomicAt(t, v.line, () -> classic(t, mm, addr, write, k)); // put_vma
    }

    // ---- shared pieces ---------------------------------------------------------------------------

    long newZeroedPage(Task t) {
        long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(env.costs().ns(Cost.ZERO_PAGE));
        return pfn;
    }

    void lockPtl(Task t, PageTable.PteTable table) {
        t.sysUntil(table.ptl.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
    }

    /** SPLIT_RSS_COUNTING: a task folds its RSS events into the mm counters every 64 events. */
    void rssEvent(Task t, Mm mm, int pages) {
        rssEvent(t, mm, pages, false);
    }

    void rssEvent(Task t, Mm mm, int pages, boolean file) {
        if (file) {
            mm.rssFile += pages;
        } else {
            mm.rssAnon += pages;
        }
        t.rssEvents++;
        if (t.rssEvents >= RSS_EVENTS_THRESH) {
            t.rssEvents = 0;
            t.sysUntil(env.coherence().atomic(mm.counters, t.cpu(), t.cursor()));
        }
    }
}
