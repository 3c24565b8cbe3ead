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

    public Vm(VmEnv env) {
        this.env = env;
        this.tables = new PageTables(env);
        this.zap = new Zap(env);
        VmaTree tree = new VmaTree(env);
        this.fault = new Fault(env, tables, tree);
        this.mmu = new Mmu(env, fault);
        this.as = new AddressSpace(env, zap, tables, tree);
    }

    public VmEnv env() {
        return env;
    }

    /** mm_alloc: a fresh address space with its PGD page on {@code node}. */
    public Mm newMm(int node) {
        long pgd = env.mem().allocUntimed(node);
        int id = nextMmId++;
        Mm mm = new Mm(id, new PageTable(env.pteBits(), pgd), new RwSem("mm" + id + ".mmap_sem", env.sched(), env.coherence(), env.mmapSemStats()));
        live.add(mm);
        return mm;
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
        for (int c = mm.cpumask.nextSetBit(0); c >= 0; c = mm.cpumask.nextSetBit(c + 1)) {
            env.sched().cpu(c).tlb().flushMm(mm.id());
        }
        env.sched().dropMm(mm);
        live.remove(mm);
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
        if (!mm.mmapSem.isFree()) {
            problems.add("lock still held: " + mm.mmapSem.describe());
        }
        return problems;
    }
}
