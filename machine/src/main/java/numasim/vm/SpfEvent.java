package numasim.vm;

import numasim.sim.Event;

/** The speculative page fault series' events, as its perf counters name them: faults handled speculatively and every reason one gave up. */
public enum SpfEvent implements Event {
    SPF("spf", Unit.EVENTS, "faults handled speculatively, without mmap_sem", false, "spf", null),
    VMA_CHANGED("pagefault:spf_vma_changed", Unit.EVENTS, "aborted: the VMA's sequence count changed or was odd", false, "pagefault:spf_vma_changed", null),
    VMA_NOANON("pagefault:spf_vma_noanon", Unit.EVENTS, "aborted: the VMA has no anon_vma yet", false, "pagefault:spf_vma_noanon", null),
    VMA_NOTSUP("pagefault:spf_vma_notsup", Unit.EVENTS, "aborted: a VMA or page-table state the series leaves to the classic path", false, "pagefault:spf_vma_notsup", null),
    VMA_ACCESS("pagefault:spf_vma_access", Unit.EVENTS, "aborted: the access is not allowed by the VMA", false, "pagefault:spf_vma_access", null),
    PMD_CHANGED("pagefault:spf_pmd_changed", Unit.EVENTS, "aborted: the PMD changed under the walk", false, "pagefault:spf_pmd_changed", null),
    PTE_TRYLOCK_RETRY("spf:pte_trylock_retry", Unit.EVENTS, "pte_map_lock found the PTE lock taken and went round again");

    /** Why a speculative fault gave up, as the series' trace events name them, in the order perf lists them. */
    public static final java.util.List<SpfEvent> ABORTS = java.util.List.of(VMA_CHANGED, VMA_NOANON, VMA_NOTSUP, VMA_ACCESS, PMD_CHANGED);

    /** The series' perf counters, as its cover letter tabulates them: spf, then every abort reason. */
    public static final java.util.List<SpfEvent> PERF = java.util.List.of(SPF, VMA_CHANGED, VMA_NOANON, VMA_NOTSUP, VMA_ACCESS, PMD_CHANGED);

    /** The name perf (and the cover letter's table) gives the event: its trace point without the subsystem. */
    public String perfName() {
        return key.substring(key.indexOf(':') + 1);
    }

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    SpfEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    SpfEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    SpfEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
