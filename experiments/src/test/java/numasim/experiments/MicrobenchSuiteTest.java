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
        assertTrue(r.get("ipi-call-smt") < r.get("ipi-call-socket") && r.get("ipi-call-socket") < r.get("ipi-call-remote"), r.toString());
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
        assertEquals(Probe.values().length, MicrobenchSuite.probesFor(MachineSpecs.load("skylake-4s-192")).size());
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
}
