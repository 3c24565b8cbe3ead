package numasim.workloads.ebizzy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import numasim.cpu.IpiEvent;
import numasim.vm.FaultEvent;
import numasim.vm.SyscallEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import numasim.kernel.Kernel;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;

class EbizzyRunTest {
    private static Kernel run(String machine, List<String> args, Map<String, String> set, Workload[] out) {
        MachineSpec spec = MachineSpecs.load(machine);
        Workload w = Ebizzy.create(args, set, spec);
        Kernel k = new Kernel(spec, 1);
        w.start(k.userEnv());
        k.run(w.limitNs()); // throws if any invariant breaks
        out[0] = w;
        return k;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86-kvm-16", "power8-80", "skylake-4s-192", "two-node-test"})
    void mTouchModeDoesOneMmapOneFaultPerPageAndOneMunmapPerIteration(String machine) {
        MachineSpec spec = MachineSpecs.load(machine);
        Workload[] w = new Workload[1];
        Kernel k = run(machine, List.of("-mTt", String.valueOf(spec.cpus()), "-S", "1"), Map.of(), w);
        WorkloadReport r = w[0].report();
        long records = (Long) r.metrics().get("records");
        long pagesPerChunk = 512 * 1024 / spec.pageSize();
        assertTrue(records > 0, machine + ": " + r.output());
        // set-up writes 10 chunks; every iteration (in flight at stop included) touches one copy
        assertEquals(10 * pagesPerChunk + records * pagesPerChunk, k.counters().get(FaultEvent.FAULTS), machine);
        assertEquals(records, k.counters().get(SyscallEvent.MUNMAP) - 0, machine);
        assertEquals(records + 11, k.counters().get(SyscallEvent.MMAP), machine + ": the table and 10 chunks, then one per iteration");
        assertTrue(r.output().matches("(?s)\\d+ records/s\nreal  1\\.00 s\nuser +\\d+\\.\\d\\d s\nsys +\\d+\\.\\d\\d s\n"), r.output());
        if (spec.nodes() > 1 && spec.flushByIpi()) {
            assertTrue(k.counters().get(IpiEvent.SENT) > 0);
        }
    }

    @Test
    void modernMallocReusesArenaMemoryWithoutFaultingWhileStaticThresholdFaultsEveryIteration() {
        Workload[] w = new Workload[1];
        Kernel dyn = run("two-node-test", List.of("-t", "4", "-S", "1"), Map.of("malloc", "dynamic"), w);
        long dynRecords = (Long) w[0].report().metrics().get("records");
        Kernel stat = run("two-node-test", List.of("-t", "4", "-S", "1"), Map.of("malloc", "static"), w);
        long statRecords = (Long) w[0].report().metrics().get("records");
        // set-up: 10 mapped chunks of 129 pages; per thread: one mapped copy, then its arena warms up once
        assertEquals(10 * 129 + 4 * 2 * 129, dyn.counters().get(FaultEvent.FAULTS), "dynamic threshold: faults only while arenas warm up");
        assertTrue(stat.counters().get(FaultEvent.FAULTS) >= statRecords * 128, "static threshold: every copy is a fresh mapping");
        assertTrue(dynRecords > statRecords, "no syscalls or faults is faster");
    }

    @Test
    void permissionsSplitTheChunksIntoSeparateVmas() {
        Workload[] w = new Workload[1];
        Kernel k = run("two-node-test", List.of("-mTpt", "2", "-S", "1"), Map.of(), w);
        assertEquals(5, k.counters().get(SyscallEvent.MPROTECT));
    }
}
