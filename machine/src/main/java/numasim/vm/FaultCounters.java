package numasim.vm;

import numasim.sim.Counters;

/**
 * The fault paths' counters, looked up once at boot and shared by the backings' ops. Counters of rarer
 * events (guard markers, hugetlbfs, DAX, userfaultfd) appear when they first happen.
 */
final class FaultCounters {
    final long[] faults;
    final long[] anon;
    final long[] zero;
    final long[] cow;
    final long[] reuse;
    final long[] spurious;
    final long[] segv;
    final long[] sigbus;
    final long[] thpAlloc;
    final long[] thpFallback;
    final long[] fileRead;
    final long[] fileCow;
    final long[] fileShared;
    final long[] aroundMapped;
    final long[] preallocUnused;

    private final Counters counters;

    FaultCounters(Counters c) {
        counters = c;
        faults = c.counter("faults");
        anon = c.counter("fault:anon");
        zero = c.counter("fault:zero_page");
        cow = c.counter("fault:cow");
        reuse = c.counter("fault:wp_reuse");
        spurious = c.counter("fault:spurious");
        segv = c.counter("fault:segv");
        sigbus = c.counter("fault:sigbus");
        thpAlloc = c.counter("thp:fault_alloc");
        thpFallback = c.counter("thp:fault_fallback");
        fileRead = c.counter("fault:file_read");
        fileCow = c.counter("fault:file_cow");
        fileShared = c.counter("fault:file_shared");
        aroundMapped = c.counter("fault:around_mapped");
        preallocUnused = c.counter("mm:prealloc_pte_unused");
    }

    /** A counter that appears when its event first happens. */
    void add(String name) {
        counters.add(name, 1);
    }
}
