package numasim.vm;

import numasim.sim.Event;

/** Page faults by path and outcome (perf's page-faults and /proc/vmstat's pgfault, thp_*). */
public enum FaultEvent implements Event {
    FAULTS(new Info("faults", Unit.EVENTS, "page faults taken, every path (pgfault)", false, "page-faults", "pgfault")),
    ANON(Info.of("fault:anon", Unit.EVENTS, "do_anonymous_page: a fault on anonymous memory with no page yet")),
    ZERO_PAGE(Info.of("fault:zero_page", Unit.EVENTS, "a read fault that mapped the shared zero page")),
    COW(Info.of("fault:cow", Unit.EVENTS, "a write that copied a page (the zero page, a page shared since fork, a private DAX page)")),
    WP_REUSE(Info.of("fault:wp_reuse", Unit.EVENTS, "a write to a page shared since fork that its last mapper reused without copying")),
    SPURIOUS(Info.of("fault:spurious", Unit.EVENTS, "a fault that found the work done (another CPU mapped it first)")),
    SEGV(Info.of("fault:segv", Unit.EVENTS, "a fault that ended in SIGSEGV (no VMA, no permission, a guard marker)")),
    SIGBUS(Info.of("fault:sigbus", Unit.EVENTS, "a fault that ended in SIGBUS (beyond the end of a file, an empty hugetlbfs pool)")),
    GUARD(Info.of("fault:guard", Unit.EVENTS, "a touch of a guard marker (SIGSEGV)")),
    FILE_READ(Info.of("fault:file_read", Unit.EVENTS, "do_read_fault: a read fault on a file mapping")),
    FILE_COW(Info.of("fault:file_cow", Unit.EVENTS, "do_cow_fault / wp_page_copy: a private write to a file mapping copied the page")),
    FILE_SHARED(Info.of("fault:file_shared", Unit.EVENTS, "do_shared_fault / wp_page_shared: a shared write dirtied the page-cache page")),
    AROUND_MAPPED(Info.of("fault:around_mapped", Unit.PAGES, "pages fault-around mapped besides the faulting one")),
    THP_FAULT_ALLOC(new Info("thp:fault_alloc", Unit.EVENTS, "anonymous faults that mapped a transparent huge page (thp_fault_alloc)", false, null, "thp_fault_alloc")),
    THP_FAULT_FALLBACK(new Info("thp:fault_fallback", Unit.EVENTS, "huge page faults that fell back to a base page (thp_fault_fallback)", false, null, "thp_fault_fallback")),
    THP_SPLIT_PMD(new Info("thp:split_pmd", Unit.EVENTS, "huge PMDs split into PTE tables (thp_split_pmd)", false, null, "thp_split_pmd")),
    HUGETLB_FAULTS(Info.of("hugetlb:faults", Unit.EVENTS, "hugetlb_fault calls, userfaults on hugetlbfs included")),
    HUGETLB_FAULT_ALLOC(Info.of("hugetlb:fault_alloc", Unit.EVENTS, "hugetlbfs faults that took a page from the pool")),
    DAX_PMD_FAULTS(Info.of("dax:pmd_faults", Unit.EVENTS, "DAX faults mapped by a PMD")),
    DAX_PTE_FAULTS(Info.of("dax:pte_faults", Unit.EVENTS, "DAX faults mapped by a PTE"));

    private final Info info;

    FaultEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
