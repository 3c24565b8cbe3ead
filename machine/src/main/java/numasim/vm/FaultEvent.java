package numasim.vm;

import numasim.sim.Event;

/** Page faults by path and outcome (perf's page-faults and /proc/vmstat's pgfault, thp_*). */
public enum FaultEvent implements Event {
    FAULTS("faults", Unit.EVENTS, "page faults taken, every path (pgfault)", false, "page-faults", "pgfault"),
    ANON("fault:anon", Unit.EVENTS, "do_anonymous_page: a fault on anonymous memory with no page yet"),
    ZERO_PAGE("fault:zero_page", Unit.EVENTS, "a read fault that mapped the shared zero page"),
    COW("fault:cow", Unit.EVENTS, "a write that copied a page (the zero page, a page shared since fork, a private DAX page)"),
    WP_REUSE("fault:wp_reuse", Unit.EVENTS, "a write to a page shared since fork that its last mapper reused without copying"),
    SPURIOUS("fault:spurious", Unit.EVENTS, "a fault that found the work done (another CPU mapped it first)"),
    SEGV("fault:segv", Unit.EVENTS, "a fault that ended in SIGSEGV (no VMA, no permission, a guard marker)"),
    SIGBUS("fault:sigbus", Unit.EVENTS, "a fault that ended in SIGBUS (beyond the end of a file, an empty hugetlbfs pool)"),
    GUARD("fault:guard", Unit.EVENTS, "a touch of a guard marker (SIGSEGV)"),
    FILE_READ("fault:file_read", Unit.EVENTS, "do_read_fault: a read fault on a file mapping"),
    FILE_COW("fault:file_cow", Unit.EVENTS, "do_cow_fault / wp_page_copy: a private write to a file mapping copied the page"),
    FILE_SHARED("fault:file_shared", Unit.EVENTS, "do_shared_fault / wp_page_shared: a shared write dirtied the page-cache page"),
    AROUND_MAPPED("fault:around_mapped", Unit.PAGES, "pages fault-around mapped besides the faulting one"),
    THP_FAULT_ALLOC("thp:fault_alloc", Unit.EVENTS, "anonymous faults that mapped a transparent huge page (thp_fault_alloc)", false, null, "thp_fault_alloc"),
    THP_FAULT_FALLBACK("thp:fault_fallback", Unit.EVENTS, "huge page faults that fell back to a base page (thp_fault_fallback)", false, null, "thp_fault_fallback"),
    THP_SPLIT_PMD("thp:split_pmd", Unit.EVENTS, "huge PMDs split into PTE tables (thp_split_pmd)", false, null, "thp_split_pmd"),
    HUGETLB_FAULTS("hugetlb:faults", Unit.EVENTS, "hugetlb_fault calls, userfaults on hugetlbfs included"),
    HUGETLB_FAULT_ALLOC("hugetlb:fault_alloc", Unit.EVENTS, "hugetlbfs faults that took a page from the pool"),
    DAX_PMD_FAULTS("dax:pmd_faults", Unit.EVENTS, "DAX faults mapped by a PMD"),
    DAX_PTE_FAULTS("dax:pte_faults", Unit.EVENTS, "DAX faults mapped by a PTE");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    FaultEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    FaultEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    FaultEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
