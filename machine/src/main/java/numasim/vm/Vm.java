package numasim.vm;

import java.util.ArrayList;
import java.util.List;

import numasim.cpu.Task;
import numasim.sync.RwSem;

/** The address-space half of the kernel: creates mms and hands out the fault, MMU and syscall paths. */
public final class Vm {
    private final VmEnv env;
    private final PageTables tables;
    private final Zap zap;
    private final Fault fault;
    private final Mmu mmu;
    private final AddressSpace as;
    private final List<Mm> live = new ArrayList<>();
    private int nextMmId = 1;

    private final AnonShare share = new AnonShare();
    private final PageCache cache;
    private final VmaTree tree;
    private final FileIo io;
    private final Hugetlbfs hugetlbfs;
    /** Null if the machine has no device memory. */
    private final DaxDevice dax;
    private final Mfill mfill;
    private int nextUffd = 1;
    private final VmCommitted committed;

    /**
     * Boots the address-space code; {@code daxPages} pages of device memory from {@code daxBasePfn} (after
     * all RAM) become a DAX device when not 0.
     */
    public Vm(VmEnv env, long daxBasePfn, long daxPages) {
        this.env = env;
        this.tables = new PageTables(env);
        this.zap = new Zap(env, share, tables);
        this.tree = new VmaTree(env);
        this.cache = new PageCache(env);
        this.io = new FileIo(env, cache);
        this.hugetlbfs = new Hugetlbfs(env, cache);
        this.dax = daxPages > 0 ? new DaxDevice(env, cache, daxBasePfn, daxPages) : null;
        FaultCounters counters = new FaultCounters(env.counters());
        PteInstall install = new PteInstall(env, tables);
        this.mfill = new Mfill(env, tables, install);
        BackingOps.Kit kit = new BackingOps.Kit(env, tables, cache, install, mfill, counters);
        Backings backings = new Backings(new AnonOps(kit, tree), new FileOps(kit), new ShmemOps(kit), new HugetlbOps(kit, hugetlbfs),
                dax == null ? null : new DaxOps(kit, dax));
        this.fault = new Fault(env, tables, share, install, backings.anon, counters);
        this.mmu = new Mmu(env, fault);
        this.committed = new VmCommitted(env);
        this.as = new AddressSpace(env, zap, tables, tree, backings, committed);
    }

    public VmEnv env() {
        return env;
    }

    /** mm_alloc: a fresh address space with its PGD page on {@code node}. */
    public Mm newMm(int node) {
        long pgd = env.mem().allocUntimed(node);
        int id = nextMmId++;
        Mm mm = new Mm(id, new PageTable(env.pteBits(), pgd), new RwSem("mm" + id + ".mmap_sem", env.sched(), env.coherence(), env.mmapSemStats()), env.coherence());
        live.add(mm);
        return mm;
    }

    /** The DAX device, or null if the machine has no device memory. */
    public DaxDevice dax() {
        return dax;
    }

    /** truncate + unlink of a DAX file: the layout is broken in every live address space first. */
    public void daxDelete(Task t, File f, Runnable k) {
        dax.truncate(t, f, new ArrayList<>(live), zap, k);
    }

    /** Problems with device pages (conservation, references); empty without a device. */
    public List<String> daxCheck() {
        return dax == null ? List.of() : dax.check();
    }
    /** The hugetlbfs mount (its pool is empty until reserved). */
    public Hugetlbfs hugetlbfs() {
        return hugetlbfs;
    }

    /** userfaultfd(2) in {@code mm}: a new context, to be set up with UFFDIO_API. */
    public Userfaultfd userfaultfd(Mm mm) {
        return new Userfaultfd(nextUffd++, env, mfill, tree, mm);
    }

    public FileIo io() {
        return io;
    }

    public PageCache pageCache() {
        return cache;
    }

    /**
     * dup_mmap for fork, under the parent's mmap_sem for write: copy every VMA; copy the page tables of
     * VMAs with anonymous memory (others refault), write-protecting private pages in both mms so the
     * first write copies; flush the parent's TLBs. {@code k} gets the child's mm.
     */
    public void fork(Task t, Mm parent, java.util.function.Consumer<Mm> k) {
        parent.mmapSem.downWrite(t, () -> {
            t.sys(env.costs().ns(numasim.topology.Cost.FORK_PATH));
            Mm child = newMm(env.sched().cpu(t.cpu()).node);
            child.nextAnonVma = parent.nextAnonVma;
            child.startBrk = parent.startBrk;
            child.brk = parent.brk;
            boolean wrprotected = false;
            for (Vma v : parent.vmas.values()) {
                Vma c = v.copy();
                child.vmas.put(c.start, c);
                if ((c.flags & Vma.VM_ACCOUNT) != 0) {
                    committed.acct(t, (c.end - c.start) >>> env.pageShift()); // dup_mmap: security_vm_enough_memory_mm
                }
                if (v.anonVma == 0) {
                    continue;
                }
                wrprotected |= copyPtes(t, parent, child, v);
            }
            if (wrprotected) {
                env.shootdown().flushRange(t, parent.id(), parent.cpumask, 0, Long.MAX_VALUE / 2, 0);
            }
            parent.mmapSem.upWrite(t, () -> k.accept(child));
        });
    }

    private boolean copyPtes(Task t, Mm parent, Mm child, Vma v) {
        long lo = v.start >>> env.pageShift();
        long hi = v.end >>> env.pageShift();
        boolean wrprotected = false;
        double cost = env.costs().ns(numasim.topology.Cost.COPY_PTE);
        PageTable pt = parent.pt;
        // copy_huge_pmd would share the huge page; the model splits it and shares its base pages instead
        for (long idx : new ArrayList<>(pt.huge.subMap(pt.pteIndex(lo), true, pt.pteIndex(hi - 1), true).keySet())) {
            tables.splitHuge(t, parent, idx);
        }
        for (var e : pt.ptes.subMap(pt.pteIndex(lo), true, pt.pteIndex(hi - 1), true).entrySet()) {
            PageTable.PteTable table = e.getValue();
            long base = e.getKey() << pt.pteBits;
            for (long vpn = Math.max(lo, base); vpn < Math.min(hi, base + table.entries.length); vpn++) {
                long pte = table.entries[(int) (vpn - base)];
                if ((pte & Pte.GUARD) != 0) {
                    child.pt.set(tables.walkAlloc(t, child, vpn), vpn, pte); // copy_pte_range copies guard markers
                    continue;
                }
                if (!Pte.present(pte)) {
                    continue;
                }
                t.sys(cost);
                long pfn = Pte.pfn(pte);
                boolean anonPage = (pte & (Pte.FILE | Pte.ZERO)) == 0;
                if (anonPage) {
                    share.share(pfn);
                    if (!v.shared() && Pte.writable(pte)) {
                        pte &= ~Pte.WRITE;
                        pt.set(table, vpn, pte);
                        wrprotected = true;
                    }
                }
                PageTable.PteTable ct = tables.walkAlloc(t, child, vpn);
                child.pt.set(ct, vpn, pte);
                if ((pte & Pte.ZERO) == 0) {
                    if ((pte & Pte.FILE) != 0) {
                        child.rssFile++; // copy_one_pte counts what it copies
                    } else {
                        child.rssAnon++;
                    }
                }
            }
        }
        return wrprotected;
    }

    /** A file-backed mapping placed at a fixed address of an empty range (execve's segments). */
    public void mapFixed(Task t, Mm mm, long addr, int prot, FileRange what) {
        as.mapFixed(t, mm, addr, prot, what);
    }

    public Fault fault() {
        return fault;
    }

    public Mmu mmu() {
        return mmu;
    }

    public AddressSpace addressSpace() {
        return as;
    }

    /** The last user of {@code mm} exits: tear it down (exit_mmap) and drop it from every CPU. */
    public void release(Task t, Mm mm) {
        as.exitMmap(t, mm);
        if (mm.rssAnon != 0 || mm.rssFile != 0) {
            // check_mm: every page the counters saw mapped must have been zapped
            throw new numasim.sim.InvariantViolation(String.format("BUG: Bad rss-counter state mm%d: MM_ANONPAGES %d, MM_FILEPAGES %d after exit_mmap",
                    mm.id(), mm.rssAnon, mm.rssFile));
        }
        for (int c = mm.cpumask.nextSetBit(0); c >= 0; c = mm.cpumask.nextSetBit(c + 1)) {
            env.sched().cpu(c).tlb().flushMm(mm.id());
        }
        env.sched().dropMm(mm);
        live.remove(mm);
    }

    /** vm_committed_as against the accountable pages of the live mms; a mismatch means a path forgot its share. */
    public List<String> committedCheck() {
        long mapped = 0;
        for (Mm mm : live) {
            for (Vma v : mm.vmas.values()) {
                if ((v.flags & Vma.VM_ACCOUNT) != 0) {
                    mapped += (v.end - v.start) >>> env.pageShift();
                }
            }
        }
        return mapped == committed.committed() ? List.of()
                : List.of("vm_committed_as holds " + committed.committed() + " pages, the live mms' accountable VMAs " + mapped);
    }

    /** vm_committed_as's percpu_counter batch (pages). */
    public long committedBatch() {
        return committed.batch();
    }

    public List<Mm> liveMms() {
        return live;
    }

    /** Invariants of one mm: no page table left for a range no VMA covers; mmap_sem free. */
    public List<String> check(Mm mm) {
        List<String> problems = new ArrayList<>();
        for (long[] r : mm.pt.tableRanges()) {
            long lo = r[0] << env.pageShift();
            long hi = (r[1] + 1) << env.pageShift();
            Vma v = mm.findVma(lo);
            if (v == null || v.start >= hi) {
                problems.add(String.format("mm%d: page table for %x-%x left with no VMA", mm.id(), lo, hi));
            }
        }
        if (!mm.pt.indexConsistent()) {
            problems.add(String.format("mm%d: the PTE-table index disagrees with the page table", mm.id()));
        }
        if (!mm.mmapSem.isFree()) {
            problems.add("lock still held: " + mm.mmapSem.describe());
        }
        long[] rss = presentPages(mm);
        if (rss[0] != mm.rssAnon || rss[1] != mm.rssFile) {
            problems.add(String.format("mm%d: RSS counters say %d anonymous and %d file pages, the page table maps %d and %d", mm.id(),
                    mm.rssAnon, mm.rssFile, rss[0], rss[1]));
        }
        return problems;
    }

    /** Pages the page table maps, {anonymous, file}, as the RSS counters count them (the zero page is not counted). */
    private long[] presentPages(Mm mm) {
        long anon = 0;
        long file = 0;
        for (PageTable.PteTable table : mm.pt.ptes.values()) {
            for (long pte : table.entries) {
                if (Pte.present(pte) && (pte & Pte.ZERO) == 0) {
                    if ((pte & Pte.FILE) != 0) {
                        file++;
                    } else {
                        anon++;
                    }
                }
            }
        }
        for (long idx : mm.pt.huge.keySet()) {
            if (mm.pt.hugeFile.contains(idx)) {
                file += mm.pt.entriesPerTable();
            } else {
                anon += mm.pt.entriesPerTable();
            }
        }
        return new long[] {anon, file};
    }

    /**
     * No CPU caches a translation the page tables no longer allow: every TLB entry of a live mm has a
     * present PTE (writable if the entry is). Checked once the run has drained: while a shootdown is in
     * flight a remote entry may legitimately outlive its PTE.
     */
    public List<String> checkTlbs() {
        List<String> problems = new ArrayList<>();
        java.util.Map<Integer, Mm> byId = new java.util.HashMap<>();
        live.forEach(mm -> byId.put(mm.id(), mm));
        for (int c = 0; c < env.sched().cpus(); c++) {
            int cpu = c;
            env.sched().cpu(c).tlb().forEach((mmId, vpn, huge, writable) -> {
                Mm mm = byId.get(mmId);
                if (mm == null || problems.size() >= 10) {
                    return; // an exited mm's id is never used again: its entries are unreachable
                }
                long pte = huge ? (mm.pt.hugeAt(vpn << env.pteBits()) >= 0 ? Pte.PRESENT | Pte.WRITE : 0) : mm.pt.get(vpn);
                if (!Pte.present(pte) || writable && !Pte.writable(pte)) {
                    problems.add(String.format("cpu%d: stale %s TLB entry of mm%d for %x (pte %x)", cpu, writable ? "writable" : "read-only",
                            mmId, (huge ? vpn << env.pteBits() : vpn) << env.pageShift(), pte));
                }
            });
        }
        return problems;
    }
}
