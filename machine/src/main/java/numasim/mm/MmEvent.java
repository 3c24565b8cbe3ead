package numasim.mm;

import numasim.sim.Event;

/** Page allocator events, as /proc/vmstat counts them. */
public enum MmEvent implements Event {
    PGALLOC("mm:pgalloc", Unit.PAGES, "pages allocated (pgalloc)"),
    PGALLOC_NODE("mm:pgalloc.node", Unit.PAGES, "pages allocated from node N", true, "pages-allocated:node", null),
    PGFREE("mm:pgfree", Unit.PAGES, "pages freed (pgfree)", false, null, "pgfree"),
    NUMA_HIT("mm:numa_hit", Unit.PAGES, "allocations served by the preferred node (numa_hit)", false, null, "numa_hit"),
    NUMA_MISS("mm:numa_miss", Unit.PAGES, "allocations that fell back to another node (numa_miss)", false, null, "numa_miss"),
    PCP_REFILL("mm:pcp_refill", Unit.EVENTS, "a per-CPU list refilled a batch from the buddy under zone->lock"),
    PCP_DRAIN("mm:pcp_drain", Unit.EVENTS, "a per-CPU list above its high mark drained a batch to the buddy"),
    PGTABLE_ALLOC("mm:pgtable_alloc", Unit.PAGES, "page-table pages allocated"),
    PGTABLE_FREE("mm:pgtable_free", Unit.PAGES, "page-table pages freed"),
    PREALLOC_PTE_UNUSED("mm:prealloc_pte_unused", Unit.PAGES, "a PTE table preallocated for fault-around and freed unused");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    MmEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    MmEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    MmEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.perNode = perNode;
        this.perf = perf;
        this.vmstat = vmstat;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean perNode() {
        return perNode;
    }

    @Override
    public String perfLabel() {
        return perf;
    }

    @Override
    public String vmstat() {
        return vmstat;
    }
}
