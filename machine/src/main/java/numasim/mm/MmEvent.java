package numasim.mm;

import numasim.sim.Event;

/** Page allocator events, as /proc/vmstat counts them. */
public enum MmEvent implements Event {
    PGALLOC(Info.of("mm:pgalloc", Unit.PAGES, "pages allocated (pgalloc)")),
    PGALLOC_NODE(new Info("mm:pgalloc.node", Unit.PAGES, "pages allocated from node N", true, "pages-allocated:node", null)),
    PGFREE(new Info("mm:pgfree", Unit.PAGES, "pages freed (pgfree)", false, null, "pgfree")),
    NUMA_HIT(new Info("mm:numa_hit", Unit.PAGES, "allocations served by the preferred node (numa_hit)", false, null, "numa_hit")),
    NUMA_MISS(new Info("mm:numa_miss", Unit.PAGES, "allocations that fell back to another node (numa_miss)", false, null, "numa_miss")),
    PCP_REFILL(Info.of("mm:pcp_refill", Unit.EVENTS, "a per-CPU list refilled a batch from the buddy under zone->lock")),
    PCP_DRAIN(Info.of("mm:pcp_drain", Unit.EVENTS, "a per-CPU list above its high mark drained a batch to the buddy")),
    PGTABLE_ALLOC(Info.of("mm:pgtable_alloc", Unit.PAGES, "page-table pages allocated")),
    PGTABLE_FREE(Info.of("mm:pgtable_free", Unit.PAGES, "page-table pages freed")),
    PREALLOC_PTE_UNUSED(Info.of("mm:prealloc_pte_unused", Unit.PAGES, "a PTE table preallocated for fault-around and freed unused"));

    private final Info info;

    MmEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
