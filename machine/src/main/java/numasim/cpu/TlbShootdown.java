package numasim.cpu;

import java.util.BitSet;

import numasim.coherence.Coherence;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * flush_tlb_mm_range: flush the range locally, then make every other CPU of the mm flush it too. On x86
 * the initiator sends an IPI to each target in turn and waits for every acknowledgement; up to
 * {@code flush_ceiling} pages are flushed one by one, above it the whole TLB. On POWER, tlbie
 * instructions invalidate every CPU's TLB in hardware without interrupting anyone.
 */
public final class TlbShootdown {
    private final Sim sim;
    private final Scheduler sched;
    private final Coherence coherence;
    private final boolean byIpi;
    private final int ceiling;
    private final double flushOne;
    private final double invlpg;
    private final double fullFlush;
    private final double ipiHandle;
    private final double tlbie;
    private final long[] shootdowns;
    private final long[] singleFlushes;
    private final long[] fullFlushes;

    public TlbShootdown(Sim sim, Scheduler sched, Coherence coherence, Costs costs, Counters counters, boolean byIpi) {
        this.sim = sim;
        this.sched = sched;
        this.coherence = coherence;
        this.byIpi = byIpi;
        this.ceiling = costs.count(Cost.FLUSH_CEILING);
        this.flushOne = costs.ns(Cost.FLUSH_ONE);
        this.invlpg = costs.ns(Cost.INVLPG);
        this.fullFlush = costs.ns(Cost.FULL_FLUSH);
        this.ipiHandle = costs.ns(Cost.IPI_HANDLE);
        this.tlbie = costs.ns(Cost.TLBIE);
        this.shootdowns = counters.counter(TlbEvent.SHOOTDOWNS);
        this.singleFlushes = counters.counter(TlbEvent.FLUSH_SINGLE);
        this.fullFlushes = counters.counter(TlbEvent.FLUSH_FULL);
    }

    private double flushCost(long pages) {
        return pages <= ceiling ? flushOne + (pages - 1) * invlpg : fullFlush;
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
        double handle = ipiHandle + flushCost(pages);
        double lastAck = initiator.cursor;
        for (int c = cpumask.nextSetBit(0); c >= 0; c = cpumask.nextSetBit(c + 1)) {
            if (c == self) {
                continue;
            }
            initiator.sys(sched.ipi().sendCost());
            sched.ipi().sent(Ipi.Kind.TLB_FLUSH);
            // an idle target (lazy TLB mode) must first wake up before it can handle the IPI
            double wake = sched.cpu(c).current() == null ? sched.idleWakeup() : 0;
            double arrival = initiator.cursor + sched.ipi().latency(self, c) + wake;
            int target = c;
            sim.at(arrival, () -> {
                sched.ipi().received();
                Cpu cpu = sched.cpu(target);
                flush(cpu.tlb, mmId, startVpn, pages, ceiling, hugeShift);
                cpu.chargeIrq(handle);
                sched.leaveLazyMm(cpu, mmId);
            });
            lastAck = Math.max(lastAck, arrival + handle + coherence.transfer(c, self));
        }
        initiator.sysUntil(lastAck);
    }
}
