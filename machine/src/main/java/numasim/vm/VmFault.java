package numasim.vm;

import java.util.function.Consumer;

import numasim.cpu.Task;

/**
 * One page fault's state (struct vm_fault), handed through every stage of every fault path: who faults
 * where and how, what each stage found (the VMA, the PTE it read, the sequence count it sampled, the PTE
 * table, a preallocated table page, the page it allocated) and where the outcome goes.
 */
final class VmFault {
    final Task task;
    final Mm mm;
    final long address;
    final long vpn;
    /** FAULT_FLAG_WRITE. */
    final boolean write;
    /** Where the fault's final outcome goes (after mmap_sem is released). */
    final Consumer<Outcome> k;
    /** Where the current stage returns its outcome: the classic or the speculative path's epilogue. */
    Consumer<Outcome> ret;
    Vma vma;
    /** orig_pte: the entry as the walk found it. */
    long origPte;
    /** vm_sequence as the speculative path sampled it, and when. */
    int sequence;
    double sampledAt;
    /** The PTE table of {@link #vpn} (vmf->pmd's table). */
    PageTable.PteTable table;
    /** prealloc_pte: a PTE-table page allocated before an atomic section (0: none). */
    long prealloc;
    /** The page allocated and zeroed for this fault before its PTE lock (0: none). */
    long page;

    VmFault(Task task, Mm mm, long address, long vpn, boolean write, Consumer<Outcome> k) {
        this.task = task;
        this.mm = mm;
        this.address = address;
        this.vpn = vpn;
        this.write = write;
        this.k = k;
    }

    /** The current stage is done with {@code outcome}. */
    void finish(Outcome outcome) {
        ret.accept(outcome);
    }
}
