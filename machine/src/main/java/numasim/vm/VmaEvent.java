package numasim.vm;

import numasim.sim.Event;

/** Changes to an mm's VMAs. */
public enum VmaEvent implements Event {
    MERGE(Info.of("vma:merge", Unit.EVENTS, "vma_merge joined a new or changed range with a neighbour"));

    private final Info info;

    VmaEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
