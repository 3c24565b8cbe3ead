package numasim.cpu;

import java.util.BitSet;

import numasim.sim.Counters;
import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * flush_tlb_mm_range: flush the range locally, then make every other CPU of the mm flush it too. On x86
 * the initiator sends an IPI to each target in turn and waits for every acknowledgement; up to
 * {@code flush_ceiling} pages are flushed one by one, above it the whole TLB. On POWER, tlbie
 * instructions invalidate every CPU's TLB in hardware without interrupting anyone.
 */
public final class TlbShootdown {
    private final Scheduler sched;
    private final SmpCall ipis;
    private final boolean byIpi;
    private final int ceiling;
    private final double flushOne;
    private final double invlpg;
    private final double fullFlush;
    private final double tlbie;
    private final long[] shootdowns;
    private final long[] singleFlushes;
    private final long[] fullFlushes;
    private final long[] pvSkipped;
    private final boolean pvTlbFlush;

    /** {@code ipis} delivers each flush IPI, as it delivers smp_call_function_single's. */
    public TlbShootdown(Scheduler sched, SmpCall ipis, Costs costs, Counters counters, boolean byIpi) {
        this.sched = sched;
        this.ipis = ipis;
        this.byIpi = byIpi;
        this.ceiling = costs.count(Cost.FLUSH_CEILING);
        this.flushOne = costs.ns(Cost.FLUSH_ONE);
        this.invlpg = costs.ns(Cost.INVLPG);
        this.fullFlush = costs.ns(Cost.FULL_FLUSH);
        this.tlbie = costs.ns(Cost.TLBIE);
        this.shootdowns = counters.counter(TlbEvent.SHOOTDOWNS);
        this.singleFlushes = counters.counter(TlbEvent.FLUSH_SINGLE);
        this.fullFlushes = counters.counter(TlbEvent.FLUSH_FULL);
        this.pvSkipped = counters.counter(TlbEvent.PV_FLUSH_SKIPPED);
        var kvm = sched.topology().spec().kvm();
        this.pvTlbFlush = kvm != null && kvm.pvTlbFlush();
    }

    /** The initiator's flush_tlb_mm_range: its measured single-page average, then an INVLPG per extra page. */
    private double flushCost(long pages) {
        return pages <= ceiling ? flushOne + (pages - 1) * invlpg : fullFlush;
    }

    /** A target's flush_tlb_func: an INVLPG per page, or the whole TLB above the ceiling. */
    private double remoteFlushCost(long pages) {
        return pages <= ceiling ? pages * invlpg : fullFlush;
    }

    private static void flush(Tlb tlb, int mmId, long startVpn, long pages, int ceiling, long hugeShift) {
        if (pages > ceiling) {
            tlb.flushMm(mmId);
            return;
        }
        for (long v = startVpn; v < startVpn + pages; v++) {
            tlb.flushPage(mmId, v);
        }
        if (hugeShift > 0) {
            for (long h = startVpn >>> hugeShift; h <= (startVpn + pages - 1) >>> hugeShift; h++) {
                tlb.flushHugePage(mmId, h);
            }
        }
    }

    /**
     * Flushes base pages {@code [startVpn, startVpn + pages)} of mm {@code mmId} from every CPU in
     * {@code cpumask}. The initiator's cursor advances past the last acknowledgement.
     */
    public void flushRange(Task initiator, int mmId, BitSet cpumask, long startVpn, long pages, int hugeShift) {
        if (pages <= 0) {
            return;
        }
        int self = initiator.cpu;
        boolean single = pages <= ceiling;
        if (single) {
            singleFlushes[0]++;
        } else {
            fullFlushes[0]++;
        }
        initiator.sys(flushCost(pages));
        flush(sched.cpu(self).tlb, mmId, startVpn, pages, ceiling, hugeShift);
        int targets = cpumask.cardinality() - (cpumask.get(self) ? 1 : 0);
        if (targets == 0) {
            return;
        }
        shootdowns[0]++;
        if (!byIpi) {
            initiator.sys(single ? pages * tlbie : tlbie + fullFlush);
            for (int c = cpumask.nextSetBit(0); c >= 0; c = cpumask.nextSetBit(c + 1)) {
                flush(sched.cpu(c).tlb, mmId, startVpn, pages, ceiling, hugeShift);
            }
            return;
        }
        double work = remoteFlushCost(pages);
        double lastAck = initiator.cursor;
        int sent = 0;
        for (int c = cpumask.nextSetBit(0); c >= 0; c = cpumask.nextSetBit(c + 1)) {
            if (c == self) {
                continue;
            }
            Cpu cpu = sched.cpu(c);
            if (pvTlbFlush && sched.vcpu(c).preemptedAt(initiator.cursor)) {
                // kvm_flush_tlb_others: a vCPU the host has scheduled out gets KVM_VCPU_FLUSH_TLB instead of an
                // IPI; the host flushes its TLB before it next enters the guest
                pvSkipped[0]++;
                cpu.tlb.flushAll();
                continue;
            }
            initiator.sys(sched.ipi().sendCost(sent++));
            sched.ipi().sent(Ipi.Kind.TLB_FLUSH);
            // an idle target (lazy TLB mode) must first wake up; a preempted vCPU handles it when the host runs it
            lastAck = Math.max(lastAck, ipis.deliver(self, c, initiator.cursor, work, () -> {
                flush(cpu.tlb, mmId, startVpn, pages, ceiling, hugeShift);
                sched.leaveLazyMm(cpu, mmId);
            }));
        }
        initiator.sysUntil(lastAck);
    }
}
