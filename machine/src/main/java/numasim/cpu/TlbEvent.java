package numasim.cpu;

import numasim.sim.Event;

/** TLB events: misses, local flushes, shootdowns to other CPUs, CPUs leaving lazy TLB mode. */
public enum TlbEvent implements Event {
    MISSES("tlb:misses", Unit.EVENTS, "data TLB misses that walked the page table"),
    FLUSH_SINGLE("tlb:flush_single", Unit.EVENTS, "flush_tlb_mm_range calls that flushed page by page (up to the flush ceiling)", false, null, "nr_tlb_local_flush_one"),
    FLUSH_FULL("tlb:flush_full", Unit.EVENTS, "flush_tlb_mm_range calls that flushed the whole TLB", false, null, "nr_tlb_local_flush_all"),
    SHOOTDOWNS("tlb:shootdowns", Unit.EVENTS, "flushes that had to reach other CPUs (nr_tlb_remote_flush)", false, "tlb-shootdowns", "nr_tlb_remote_flush"),
    LAZY_LEAVE("tlb:lazy_leave", Unit.EVENTS, "an idle CPU in lazy TLB mode switched to init_mm on a flush IPI and left the mm"),
    PV_FLUSH_SKIPPED("tlb:pv_flush_skipped", Unit.EVENTS, "a shootdown target the host had scheduled out got KVM_VCPU_FLUSH_TLB instead of an IPI (PV TLB flush)");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    TlbEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    TlbEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    TlbEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
