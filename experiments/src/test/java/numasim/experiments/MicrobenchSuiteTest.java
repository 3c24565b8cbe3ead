package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import numasim.topology.Cost;
import numasim.topology.MachineSpecs;
import numasim.workloads.microbench.Probe;

/** Smoke runs of the microbenchmarks (the full suite is numasim microbench, not a unit test). */
class MicrobenchSuiteTest {
    private static Map<String, Double> run(String machine, boolean loaded, String... probes) {
        return MicrobenchSuite.run(machine, List.of(probes), 1, loaded).stream()
                .collect(Collectors.toMap(MicrobenchSuite.Row::probe, MicrobenchSuite.Row::ns));
    }

    @Test
    void theNullCallLoopMeasuresOneEntryAndExitAndTheIpiRoundTripIsDerived() {
        Map<String, Double> r = run("two-node-test", false, "null-syscall", "ipi-roundtrip");
        double entry = MachineSpecs.load("two-node-test").costs().ns(Cost.SYSCALL_ENTRY);
        assertEquals(entry, r.get("null-syscall"), entry * 0.05, "getppid is entry and exit only");
        assertTrue(r.get("ipi-roundtrip") > 500 && r.get("ipi-roundtrip") < 10_000, "a flush IPI's round trip: " + r);
    }

    @Test
    void aLinePingPongHandOffCostsOneTransferByDistanceTheLockedOpIncluded() {
        Map<String, Double> r = run("skylake-4s-192", false, "line-pingpong-smt", "line-pingpong-socket", "line-pingpong-remote");
        var c = MachineSpecs.load("skylake-4s-192").costs();
        assertEquals(c.ns(Cost.LINE_SMT), r.get("line-pingpong-smt"), 0.5);
        assertEquals(c.ns(Cost.LINE_SOCKET), r.get("line-pingpong-socket"), 2.5, "drawn from the spread, averaging to the value");
        assertEquals(c.ns(Cost.LINE_REMOTE), r.get("line-pingpong-remote"), 5);
        assertTrue(r.get("line-pingpong-smt") < r.get("line-pingpong-socket") && r.get("line-pingpong-socket") < r.get("line-pingpong-remote"));
    }

    @Test
    void aFutexHandOffSleepsAndWakesSoItCostsASwitchBesidesTheCalls() {
        Map<String, Double> r = run("two-node-test", false, "futex-ctxsw", "null-syscall");
        var c = MachineSpecs.load("two-node-test").costs();
        double handOff = 2 * r.get("futex-ctxsw"); // timectxsw counts two switches a hand-off
        double floor = r.get("null-syscall") + c.ns(Cost.CONTEXT_SWITCH);
        assertTrue(handOff > floor, "a hand-off wakes a sleeper (a switch, and the wake-up of its idle CPU): " + r + " floor " + floor);
        assertTrue(handOff < 100_000, r.toString());
    }

    @Test
    void aCallFunctionIpiPaysDeliveryByDistanceAndTheTargetsHandler() {
        Map<String, Double> r = run("skylake-4s-192", false, "ipi-call-smt", "ipi-call-socket", "ipi-call-remote");
        var c = MachineSpecs.load("skylake-4s-192").costs();
        assertTrue(r.get("ipi-call-smt") > c.ns(Cost.IPI_SMT) + c.ns(Cost.IPI_HANDLE), r.toString());
        // The two calls differ by their deliveries and the csd line's way back, whatever their order (on skylake the
        // measured delivery from the SMT sibling is the dearer one), plus the handler's slowdown beside a busy sibling.
        double smtMinusSocket = r.get("ipi-call-smt") - r.get("ipi-call-socket");
        double paths = c.ns(Cost.IPI_SMT) - c.ns(Cost.IPI_SOCKET) + c.ns(Cost.LINE_SMT) - c.ns(Cost.LINE_SOCKET);
        assertTrue(smtMinusSocket >= paths - 1 && smtMinusSocket <= paths + c.ns(Cost.IPI_HANDLE), smtMinusSocket + " vs " + paths + ": " + r);
        assertTrue(r.get("ipi-call-socket") < r.get("ipi-call-remote"), r.toString());
    }

    @Test
    void powerEightRingsADoorbellWithinACoreAndGoesThroughXicsBeyondIt() {
        Map<String, Double> r = run("power8-80", false, "ipi-call-smt", "ipi-call-socket", "ipi-call-remote");
        var c = MachineSpecs.load("power8-80").costs();
        assertTrue(c.ns(Cost.IPI_SMT) < 100 && c.ns(Cost.IPI_SOCKET) > 300, "a doorbell stays in the core, XICS does not");
        assertTrue(r.get("ipi-call-smt") < r.get("ipi-call-socket") && r.get("ipi-call-socket") < r.get("ipi-call-remote"), r.toString());
    }

    @Test
    void aCallToAHaltedVcpuWaitsForItsWakeUpWhichHaltPollingShortens() {
        double running = run("x86-kvm-16", false, "ipi-call-socket").get("ipi-call-socket");
        double polled = run("x86-kvm-16", false, "ipi-call-idle").get("ipi-call-idle");
        double scheduledOut = MicrobenchSuite.run("x86-kvm-16", List.of("ipi-call-idle"), 1, false,
                new MicrobenchSuite.Overrides(Map.of("halt_poll_ns", 0), Map.of(), "base")).get(0).ns();
        assertTrue(polled > running, "the idle target leaves its idle loop first: " + running + " vs " + polled);
        assertTrue(scheduledOut > 2 * polled, "without halt polling the host schedules the vCPU back in: " + polled + " vs " + scheduledOut);
    }

    @Test
    void aCompoundBlockPaysForItsTailPagesStructPagesAndASmallOneDoesNot() {
        Map<String, Double> r = run("two-node-test", false, "page-alloc-huge", "page-alloc-order1-64");
        double tails = MachineSpecs.load("two-node-test").costs().copyNs(511 * 64);
        assertTrue(r.get("page-alloc-huge") > tails, "prep_compound_page writes 511 struct pages: " + r + " tails " + tails);
        assertTrue(r.get("page-alloc-huge") < tails + 5 * r.get("page-alloc-order1-64"), r.toString());
        assertTrue(r.get("page-alloc-order1-64") < tails / 10, "alloc_pages without __GFP_COMP prepares no tail pages: " + r);
    }

    @Test
    void aProbeThatNeedsWhatAMachineLacksIsLeftOut() {
        var keys = MicrobenchSuite.probesFor(MachineSpecs.load("x86-kvm-16")).stream().map(p -> p.key).toList();
        assertTrue(keys.contains("line-pingpong-socket"), keys.toString());
        assertTrue(!keys.contains("line-pingpong-smt") && !keys.contains("line-pingpong-remote") && !keys.contains("shootdown-remote"),
                "one socket, no SMT: " + keys);
        var native4s = MicrobenchSuite.probesFor(MachineSpecs.load("skylake-4s-192"));
        assertEquals(Probe.values().length - 1, native4s.size(), "all but vmcall, which needs a hypervisor");
        assertTrue(!native4s.contains(Probe.VMCALL) && keys.contains("vmcall"));
    }

    @Test
    void aGuestIsMeasuredOnAnIdleHostUnlessAsked() {
        double idle = run("x86-kvm-16", false, "null-syscall").get("null-syscall");
        double loaded = run("x86-kvm-16", true, "null-syscall").get("null-syscall");
        double share = 1 + MachineSpecs.load("x86-kvm-16").costs().raw(Cost.HOST_LOAD);
        assertEquals(share, loaded / idle, 0.05 * share, "the loaded host stretches the call by 1 + host_load");
    }

    @Test
    void rowsCarryThePublishedFigureAndTheRatio() {
        List<MicrobenchSuite.Row> rows = MicrobenchSuite.run("x86-kvm-16", List.of("thread-create"), 1, false);
        assertEquals(1, rows.size());
        assertNotNull(rows.get(0).ref(), "thread-create has a published figure for the x86 guest");
        assertTrue(rows.get(0).ratio() > 0);
        assertTrue(MicrobenchSuite.references().size() >= 10);
    }

    @Test
    void aSpinlockHandOffCostsOneLineTransferAndAnUncontendedPairOneLocalAtomic() {
        Map<String, Double> r = run("skylake-4s-192", false, "spinlock", "spinlock-handoff-smt", "spinlock-handoff-socket", "spinlock-handoff-remote");
        var c = MachineSpecs.load("skylake-4s-192").costs();
        assertEquals(c.ns(Cost.ATOMIC_LOCAL), r.get("spinlock"), 0.5, "spin_lock's locked op on a line this CPU owns; spin_unlock is a store");
        assertEquals(c.ns(Cost.LINE_SMT), r.get("spinlock-handoff-smt"), 0.5);
        assertEquals(c.ns(Cost.LINE_SOCKET), r.get("spinlock-handoff-socket"), 2.5);
        assertEquals(c.ns(Cost.LINE_REMOTE), r.get("spinlock-handoff-remote"), 5);
    }

    @Test
    void anRwsemHandOffToASleeperPaysItsWakeUpAndOneToASpinnerDoesNot() {
        Map<String, Double> r = run("two-node-test", false, "rwsem-write-spin", "rwsem-write-sleep", "rwsem-read-after-write");
        var c = MachineSpecs.load("two-node-test").costs();
        double wakeUp = c.ns(Cost.IDLE_WAKEUP) + c.ns(Cost.CONTEXT_SWITCH);
        assertTrue(r.get("rwsem-write-spin") > 0 && r.get("rwsem-write-spin") < 1000, "a spinner takes the lock as it is released: " + r);
        assertTrue(r.get("rwsem-write-sleep") > wakeUp, "a sleeping writer's CPU wakes and switches to it: " + r + " vs " + wakeUp);
        assertTrue(r.get("rwsem-read-after-write") > wakeUp, "so does a sleeping reader's: " + r);
    }

    @Test
    void aLocalFlushIsOnePageThenAnInvlpgEachUpToTheCeilingAboveItTheWholeTlb() {
        Map<String, Double> r = run("skylake-4s-192", false, "flush-tlb-1", "flush-tlb-33", "flush-tlb-full");
        var c = MachineSpecs.load("skylake-4s-192").costs();
        double ticks = 1.001; // the scheduler ticks that fall inside the loop
        assertEquals(c.ns(Cost.FLUSH_ONE), r.get("flush-tlb-1"), c.ns(Cost.FLUSH_ONE) * (ticks - 1) + 0.5);
        double paged = c.ns(Cost.FLUSH_ONE) + 32 * c.ns(Cost.INVLPG);
        assertEquals(paged, r.get("flush-tlb-33"), paged * (ticks - 1) + 0.5);
        assertEquals(c.ns(Cost.FULL_FLUSH), r.get("flush-tlb-full"), c.ns(Cost.FULL_FLUSH) * (ticks - 1) + 0.5,
                "512 pages are above tlb_single_page_flush_ceiling");
    }

    @Test
    void readsOverMorePagesThanTheStlbHoldsWalkAndFewerHitIt() {
        Map<String, Double> r = run("skylake-4s-192", false, "tlb-stlb-hit", "tlb-walk");
        var c = MachineSpecs.load("skylake-4s-192").costs();
        assertEquals(c.ns(Cost.TLB_STLB_HIT), r.get("tlb-stlb-hit"), 0.2, "512 pages: every read misses the L1 DTLB and hits the STLB");
        assertEquals(c.raw(Cost.WALK_REFS) * c.ns(Cost.WALK_REF), r.get("tlb-walk"), 0.5, "4096 pages: every read walks");
    }

    @Test
    void clearingAHugePageClearsEachOfItsBasePages() {
        Map<String, Double> r = run("skylake-4s-192", false, "clear-page", "clear-page-huge");
        assertEquals(512 * r.get("clear-page"), r.get("clear-page-huge"), 0.001 * r.get("clear-page-huge"), "up to the ticks inside the loop");
    }

    @Test
    void aHypercallIsOneLightExitAndOnlyAGuestMakesIt() {
        Map<String, Double> r = run("x86-kvm-16", false, "vmcall");
        assertEquals(MachineSpecs.load("x86-kvm-16").costs().ns(Cost.VM_EXIT), r.get("vmcall"), 1);
        assertTrue(run("skylake-4s-192", false, "vmcall").isEmpty(), "bare metal has no hypervisor to call");
    }

    @Test
    void pvIpiSendsAShootdownInOneHypercallAndPvTlbFlushSkipsPreemptedVcpus() {
        var none = MicrobenchSuite.Overrides.NONE;
        double perExit = MicrobenchSuite.run("x86-kvm-16", List.of("shootdown-per-target"), 1, false, none).get(0).ns();
        double perHypercall = MicrobenchSuite.run("x86-kvm-16", List.of("shootdown-per-target"), 1, false,
                new MicrobenchSuite.Overrides(Map.of(), Map.of("pv_ipi", true), "base")).get(0).ns();
        assertTrue(perHypercall < 0.7 * perExit, "an exit per destination against one hypercall: " + perExit + " vs " + perHypercall);
        Map<String, Object> turns = Map.of("host_slice", 3_000_000);
        double waits = MicrobenchSuite.run("x86-kvm-16", List.of("shootdown-15"), 1, true, new MicrobenchSuite.Overrides(turns, Map.of(), "base")).get(0).ns();
        double skips = MicrobenchSuite.run("x86-kvm-16", List.of("shootdown-15"), 1, true,
                new MicrobenchSuite.Overrides(turns, Map.of("steal_time", true, "pv_tlb_flush", true), "base")).get(0).ns();
        assertTrue(skips < 0.5 * waits, "a shootdown waits for preempted vCPUs unless PV TLB flush skips them: " + waits + " vs " + skips);
    }

    @Test
    void theSpfKernelAddsItsPerFaultOverheadToAFaultThatNeedsNoNewPageTable() {
        var c = MachineSpecs.load("x86-kvm-16").costs();
        double base = MicrobenchSuite.run("x86-kvm-16", List.of("fault-anon"), 1, false).get(0).ns();
        double spf = MicrobenchSuite.run("x86-kvm-16", List.of("fault-anon"), 1, false, MicrobenchSuite.Overrides.NONE.under("spf")).get(0).ns();
        assertTrue(spf > base + 0.5 * c.ns(Cost.SPF_FAULT_OVERHEAD) && spf < base + 1000,
                "the series' per-fault plumbing on a single-threaded first touch: " + base + " -> " + spf);
    }

    @Test
    void aCoresThreadsShareItsThroughputAsTheSmtTableSays() {
        Map<String, Double> r = run("power8-80", false, "smt-half-core", "smt-full-core");
        var c = MachineSpecs.load("power8-80").costs();
        assertEquals(1000 * 4 / c.smtThroughput(4), r.get("smt-half-core"), 5, "SMT4: four threads share the core's SMT4 throughput");
        assertEquals(1000 * 8 / c.smtThroughput(8), r.get("smt-full-core"), 5, "SMT8");
        assertTrue(run("x86-kvm-16", false, "smt-full-core").isEmpty(), "a guest without SMT siblings has no such probe");
    }
}
