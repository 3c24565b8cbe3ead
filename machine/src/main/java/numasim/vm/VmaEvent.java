package numasim.vm;

import numasim.sim.Event;

/** Changes to an mm's VMAs. */
public enum VmaEvent implements Event {
    MERGE(Info.of("vma:merge", Unit.EVENTS, "vma_merge joined a new or changed range with a neighbour")),
    COMMITTED_FOLDS(Info.of("vma:committed_as_folds", Unit.EVENTS, "vm_acct_memory calls that took vm_committed_as's spinlock to fold a CPU's count (a percpu_counter batch reached)"));

    private final Info info;

    VmaEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
