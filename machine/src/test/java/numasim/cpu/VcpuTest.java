package numasim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.vm.Vma;

/** The host under a guest: vCPUs sharing physical CPUs, halt polling, steal time, PV TLB flush and PV IPIs. */
class VcpuTest {
    private static final double MS = 1e6;

    /** two-node-guest (4 vCPUs) with the given host load, host slice (ns) and paravirtual switches. */
    private static MachineSpec guest(double load, double slice, boolean steal, boolean pvTlb, boolean pvIpi) {
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("host_load", Map.of("value", load, "source", "test"));
        costs.put("host_slice", Map.of("value", slice, "source", "test"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("inherit", "two-node-guest");
        doc.put("costs", costs);
        doc.put("kvm", Map.of("steal_time", steal, "pv_tlb_flush", pvTlb, "pv_ipi", pvIpi));
        return MachineSpecs.fromMap(doc, "machine.");
    }

    /** One task computing {@code ms} of user time alone: when it ends and what it was charged. */
    private static double[] computeAlone(MachineSpec m, double ms) {
        Kernel k = new Kernel(m, 1);
        Process p = k.spawn("t", 0);
        double[] r = new double[3];
        p.start("w", 1, t -> p.compute(t, ms * MS, () -> {
            r[0] = t.cursor();
            r[1] = ((Task) t).userNs();
            p.exit(t);
        }));
        k.run(10e9);
        r[2] = k.counters().get(KvmEvent.PREEMPTIONS);
        return r;
    }

    @Test
    void aVcpuSharingItsPhysicalCpuWithThreeHostThreadsGetsAQuarterOfIt() {
        double[] r = computeAlone(guest(3, 3 * MS, false, false, false), 100);
        assertTrue(r[0] > 390 * MS && r[0] < 415 * MS, "100 ms of work at a quarter of the CPU, 3 ms turns: ended at " + r[0] / MS);
        assertTrue(r[2] >= 30, "preempted after each of its ~33 turns: " + r[2]);
        assertTrue(Math.abs(r[1] - r[0]) < 20 * MS, "without steal time the task is charged the wall time: user " + r[1] / MS);
    }

    @Test
    void withStealTimeTheTaskIsChargedOnlyWhatItRan() {
        double[] r = computeAlone(guest(3, 3 * MS, true, false, false), 100);
        assertTrue(r[0] > 390 * MS, "still a quarter of the CPU: " + r[0] / MS);
        assertTrue(Math.abs(r[1] - 100 * MS) < 1 * MS, "user time is the work, the rest is steal: " + r[1] / MS);
    }

    @Test
    void fineGrainedSharingStretchesWorkEvenlyAndDedicatedCpusNotAtAll() {
        double[] fluid = computeAlone(guest(3, 0, false, false, false), 100);
        assertTrue(Math.abs(fluid[0] - 400 * MS) < 1 * MS, "four times as long: " + fluid[0] / MS);
        assertEquals(0, fluid[2], "never switched out");
        double[] dedicated = computeAlone(guest(0, 3 * MS, false, false, false), 100);
        assertTrue(dedicated[0] < 101 * MS, "a dedicated physical CPU: " + dedicated[0] / MS);
    }

    @Test
    void haltPollingGrowsAfterShortBlocksAndCatchesTheNextWakeup() {
        MachineSpec m = guest(0, 3 * MS, false, false, false);
        numasim.sim.Counters c = numasim.kernel.Events.boot(1);
        Vcpu v = new Vcpu(m.costs(), 0.5, c);
        // boots halted with no polling yet: the first wake-up goes through the host scheduler
        double first = v.wake(1000);
        assertEquals(1000 + m.costs().ns(numasim.topology.Cost.VCPU_KICK) + m.costs().ns(numasim.topology.Cost.IDLE_WAKEUP), first, 1e-6);
        v.halt(2000);
        double polled = v.wake(7000); // the short first block grew the poll window to 10 us: this 5 us one is caught
        assertEquals(7000 + m.costs().ns(numasim.topology.Cost.VM_EXIT), polled, 1e-6);
        assertEquals(1, c.get(KvmEvent.HALT_POLL_WAKEUPS));
        v.halt(8000);
        v.wake(8000 + 1 * MS); // longer than halt_poll_ns: polling is reset to 0
        v.halt(2 * MS);
        assertTrue(v.wake(2 * MS + 5000) > 2 * MS + 5000 + m.costs().ns(numasim.topology.Cost.VM_EXIT), "no longer polled");
    }

    /**
     * Three threads keep running the mm on vCPUs 1-3 while vCPU 0 unmaps touched pages; the host shares
     * each physical CPU with three threads in 3 ms turns. Without PV TLB flush the munmap waits until every
     * preempted target runs again; with it the preempted ones are skipped and flush on entry.
     */
    private static double[] munmapUnderPreemption(boolean pvTlb) {
        Kernel k = new Kernel(guest(3, 3 * MS, true, pvTlb, false), 1);
        Process p = k.spawn("t", 0);
        double[] r = new double[2];
        for (int c = 1; c <= 3; c++) {
            p.start("spin", c, t -> p.compute(t, 300 * MS, () -> p.exit(t)));
        }
        p.start("owner", 0, t -> p.mmapAnon(t, 4 * 4096L, Vma.VM_READ | Vma.VM_WRITE, addr -> p.compute(t, 50 * MS, () -> {
            touch(p, t, addr, 4, () -> {
                double start = t.cursor();
                p.munmap(t, addr, 4 * 4096L, x -> {
                    r[0] = t.cursor() - start;
                    p.exit(t);
                });
            });
        })));
        k.run(2e9);
        r[1] = k.counters().get(TlbEvent.PV_FLUSH_SKIPPED);
        assertTrue(k.checkInvariants(true).isEmpty(), "no CPU keeps a translation of the unmapped pages");
        return r;
    }

    private static void touch(Process p, numasim.user.Pthread t, long addr, int pages, Runnable k) {
        if (pages == 0) {
            k.run();
            return;
        }
        if (p.access(t, addr, true, () -> touch(p, t, addr, pages, k))) {
            touch(p, t, addr + 4096, pages - 1, k);
        }
    }

    @Test
    void pvTlbFlushSkipsPreemptedVcpusInsteadOfWaitingForThem() {
        double[] without = munmapUnderPreemption(false);
        double[] with = munmapUnderPreemption(true);
        assertEquals(0, without[1]);
        assertTrue(with[1] >= 1, "at least one of three targets preempted at the shootdown: " + with[1]);
        assertTrue(without[0] > 1 * MS, "waits for a preempted target's next turn: " + without[0] / MS + " ms");
        assertTrue(with[0] < without[0] / 10, "PV: " + with[0] / MS + " ms vs " + without[0] / MS + " ms");
    }

    @Test
    void pvIpiPaysOneExitForManyDestinations() {
        MachineSpec plain = guest(0, 3 * MS, false, false, false);
        MachineSpec pv = guest(0, 3 * MS, false, false, true);
        Ipi a = new Kernel(plain, 1).sched().ipi();
        Ipi b = new Kernel(pv, 1).sched().ipi();
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < 3; i++) {
            sumA += a.sendCost(i);
            sumB += b.sendCost(i);
        }
        double exit = pv.costs().ns(numasim.topology.Cost.VM_EXIT);
        double target = pv.costs().ns(numasim.topology.Cost.PV_IPI_TARGET);
        assertEquals(exit + 3 * target, sumB, 1e-9);
        assertTrue(sumA > 3 * 4200 / 2.5, "an exit per destination: " + sumA);
    }
}
