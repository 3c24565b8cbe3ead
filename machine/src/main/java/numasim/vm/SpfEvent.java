package numasim.vm;

import numasim.sim.Event;

/** The speculative page fault series' events, as its perf counters name them: faults handled speculatively and every reason one gave up. */
public enum SpfEvent implements Event {
    SPF(new Info("spf", Unit.EVENTS, "faults handled speculatively, without mmap_sem", false, "spf", null)),
    VMA_CHANGED(new Info("pagefault:spf_vma_changed", Unit.EVENTS, "aborted: the VMA's sequence count changed or was odd", false, "pagefault:spf_vma_changed", null)),
    VMA_NOANON(new Info("pagefault:spf_vma_noanon", Unit.EVENTS, "aborted: the VMA has no anon_vma yet", false, "pagefault:spf_vma_noanon", null)),
    VMA_NOTSUP(new Info("pagefault:spf_vma_notsup", Unit.EVENTS, "aborted: a VMA or page-table state the series leaves to the classic path", false, "pagefault:spf_vma_notsup", null)),
    VMA_ACCESS(new Info("pagefault:spf_vma_access", Unit.EVENTS, "aborted: the access is not allowed by the VMA", false, "pagefault:spf_vma_access", null)),
    PMD_CHANGED(new Info("pagefault:spf_pmd_changed", Unit.EVENTS, "aborted: the PMD changed under the walk", false, "pagefault:spf_pmd_changed", null)),
    PTE_TRYLOCK_RETRY(Info.of("spf:pte_trylock_retry", Unit.EVENTS, "pte_map_lock found the PTE lock taken and went round again"));

    /** Why a speculative fault gave up, as the series' trace events name them, in the order perf lists them. */
    public static final java.util.List<SpfEvent> ABORTS = java.util.List.of(VMA_CHANGED, VMA_NOANON, VMA_NOTSUP, VMA_ACCESS, PMD_CHANGED);

    /** The series' perf counters, as its cover letter tabulates them: spf, then every abort reason. */
    public static final java.util.List<SpfEvent> PERF = java.util.List.of(SPF, VMA_CHANGED, VMA_NOANON, VMA_NOTSUP, VMA_ACCESS, PMD_CHANGED);

    /** The name perf (and the cover letter's table) gives the event: its trace point without the subsystem. */
    public String perfName() {
        return key().substring(key().indexOf(':') + 1);
    }

    private final Info info;

    SpfEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
