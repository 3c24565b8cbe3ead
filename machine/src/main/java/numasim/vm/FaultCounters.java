package numasim.vm;

import numasim.mm.MmEvent;
import numasim.sim.Counters;

/** The fault paths' counters ({@link FaultEvent}), looked up once at boot and shared by the backings' ops. */
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
    final long[] guard;
    final long[] hugetlbFaults;
    final long[] hugetlbAlloc;
    final long[] daxPmd;
    final long[] daxPte;

    FaultCounters(Counters c) {
        faults = c.counter(FaultEvent.FAULTS);
        anon = c.counter(FaultEvent.ANON);
        zero = c.counter(FaultEvent.ZERO_PAGE);
        cow = c.counter(FaultEvent.COW);
        reuse = c.counter(FaultEvent.WP_REUSE);
        spurious = c.counter(FaultEvent.SPURIOUS);
        segv = c.counter(FaultEvent.SEGV);
        sigbus = c.counter(FaultEvent.SIGBUS);
        thpAlloc = c.counter(FaultEvent.THP_FAULT_ALLOC);
        thpFallback = c.counter(FaultEvent.THP_FAULT_FALLBACK);
        fileRead = c.counter(FaultEvent.FILE_READ);
        fileCow = c.counter(FaultEvent.FILE_COW);
        fileShared = c.counter(FaultEvent.FILE_SHARED);
        aroundMapped = c.counter(FaultEvent.AROUND_MAPPED);
        preallocUnused = c.counter(MmEvent.PREALLOC_PTE_UNUSED);
        guard = c.counter(FaultEvent.GUARD);
        hugetlbFaults = c.counter(FaultEvent.HUGETLB_FAULTS);
        hugetlbAlloc = c.counter(FaultEvent.HUGETLB_FAULT_ALLOC);
        daxPmd = c.counter(FaultEvent.DAX_PMD_FAULTS);
        daxPte = c.counter(FaultEvent.DAX_PTE_FAULTS);
    }
}
