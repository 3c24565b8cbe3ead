package numasim.cpu;

import numasim.sim.Event;

/** TLB events: misses, local flushes, shootdowns to other CPUs, CPUs leaving lazy TLB mode. */
public enum TlbEvent implements Event {
    MISSES(Info.of("tlb:misses", Unit.EVENTS, "data TLB misses that walked the page table")),
    FLUSH_SINGLE(new Info("tlb:flush_single", Unit.EVENTS, "flush_tlb_mm_range calls that flushed page by page (up to the flush ceiling)", false, null, "nr_tlb_local_flush_one")),
    FLUSH_FULL(new Info("tlb:flush_full", Unit.EVENTS, "flush_tlb_mm_range calls that flushed the whole TLB", false, null, "nr_tlb_local_flush_all")),
    SHOOTDOWNS(new Info("tlb:shootdowns", Unit.EVENTS, "flushes that had to reach other CPUs (nr_tlb_remote_flush)", false, "tlb-shootdowns", "nr_tlb_remote_flush")),
    GATHER_FORCED(Info.of("tlb:gather_forced", Unit.EVENTS, "flushes a zap made before going on: a PTE table held a dirty file page, or the mmu_gather was full")),
    LAZY_LEAVE(Info.of("tlb:lazy_leave", Unit.EVENTS, "an idle CPU in lazy TLB mode switched to init_mm on a flush IPI and left the mm")),
    PV_FLUSH_SKIPPED(Info.of("tlb:pv_flush_skipped", Unit.EVENTS, "a shootdown target the host had scheduled out got KVM_VCPU_FLUSH_TLB instead of an IPI (PV TLB flush)"));

    private final Info info;

    TlbEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
