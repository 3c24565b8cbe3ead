package numasim.workloads.willitscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;

class WillItScaleTest {
    private static final MachineSpec BOX = MachineSpecs.load("two-node-test");

    private record Result(Kernel kernel, WorkloadReport report) {
    }

    private static Result run(String features, String... args) {
        Workload w = WillItScale.create(List.of(args), Map.of(), BOX);
        Kernel k = new Kernel(BOX, KernelFeatures.parse(features), 1);
        w.start(k.userEnv());
        k.run(w.limitNs());
        return new Result(k, w.report());
    }

    @Test
    void optionsParseAsLkpPassesThem() {
        WillItScaleOptions o = WillItScaleOptions.parse(List.of("page_fault3", "--mode", "threads", "--tasks", "192", "-s", "5"));
        assertEquals("page_fault3", o.testcase());
        assertTrue(o.threads());
        assertEquals(192, o.tasks());
        assertEquals(5, o.iterations());
        assertEquals(1e9, o.sampleNs());
        WillItScaleOptions d = WillItScaleOptions.parse(List.of("-t", "4", "-m", "--mode=processes", "--sample-ms", "10", "brk1"));
        assertEquals(4, d.tasks());
        assertTrue(d.smtAffinity());
        assertEquals(1e7, d.sampleNs());
        assertThrows(ConfigException.class, () -> WillItScaleOptions.parse(List.of("page_fault1", "--tasks", "2049")));
        assertThrows(ConfigException.class, () -> WillItScaleOptions.parse(List.of("page_fault1", "--mode", "fibers")));
        assertThrows(ConfigException.class, () -> WillItScaleOptions.parse(List.of("getppid1")));
    }

    @Test
    void printsWhatTheHarnessPrintsAndAveragesTheMeasuredSamples() {
        Result r = run("base", "brk1", "--mode", "threads", "--tasks", "4", "-s", "3", "--sample-ms", "2");
        String[] lines = r.report().output().split("\n");
        assertEquals("testcase:brk increase/decrease of one page", lines[0]);
        assertEquals("warmup", lines[1]);
        for (int i = 2; i < 8; i++) {
            assertTrue(lines[i].matches("min:\\d+ max:\\d+ total:\\d+"), lines[i]);
        }
        assertEquals("measurement", lines[8], "printed after the sixth sample");
        long sum = 0;
        for (int i = 9; i < 12; i++) {
            sum += Long.parseLong(lines[i].replaceAll(".*total:", ""));
        }
        long average = Long.parseLong(lines[12].replace("average:", ""));
        assertEquals(sum / 3.0, average, 500, "the average of the three samples after the sixth");
        assertTrue(r.report().output().contains("will-it-scale.per_thread_ops: "));
        assertTrue(sum > 0);
        double perThread = ((Number) r.report().metrics().get("per_thread_ops")).doubleValue();
        double measured = ((Number) r.report().metrics().get("measured_s")).doubleValue();
        assertEquals(3 * 0.002, measured, 0.001, "three samples of about 2 ms");
        // 2 ms samples print per second, as the harness's one-second samples do: min/max/total, average
        // and per_thread_ops are all rates per second
        assertEquals(average / 4.0, perThread, 0.1 * perThread, "per_thread_ops = average / tasks, both per second");
        double rawOps = r.kernel().counters().get(numasim.vm.SyscallEvent.BRK) / 2.0;
        assertTrue(rawOps / 4 < perThread * 0.1, "the printed rates are per second, not per 2 ms sample");
    }

    @Test
    void theRealBinariesNamesWorkAsRuntestPyRunsThem() {
        WillItScaleOptions o = WillItScaleOptions.parse(List.of("page_fault1_threads", "-t", "16", "-s", "5"));
        assertEquals("page_fault1", o.testcase());
        assertTrue(o.threads());
        assertEquals(16, o.tasks());
        WillItScaleOptions p = WillItScaleOptions.parse(List.of("context_switch1_processes", "-t", "2"));
        assertEquals("context_switch1", p.testcase());
        assertTrue(!p.threads());
        ConfigException e = assertThrows(ConfigException.class, () -> WillItScaleOptions.parse(List.of("brk1_threads", "--mode", "processes")));
        assertTrue(e.getMessage().contains("brk1_threads is the threads binary, but --mode says processes"), e.getMessage());
    }

    @Test
    void idleIsTheShareOfCpuTimeWithNothingToRunAsProcStatCountsIt() {
        Result one = run("base", "page_fault1", "--mode", "threads", "--tasks", "1", "-s", "1", "--sample-ms", "5");
        Result all = run("base", "page_fault1", "--mode", "processes", "--tasks", "8", "-s", "1", "--sample-ms", "5");
        Result threads = run("base", "page_fault1", "--mode", "threads", "--tasks", "8", "-s", "1", "--sample-ms", "5");
        double idle1 = ((Number) one.report().metrics().get("idle_pct")).doubleValue();
        double idle8 = ((Number) all.report().metrics().get("idle_pct")).doubleValue();
        assertEquals(87.5, idle1, 2, "one busy task on 8 CPUs: 7/8 idle");
        assertTrue(idle8 < 15, "8 processes on 8 CPUs (forking them is most of it in so short a run): " + idle8);
        double idleThreads = ((Number) threads.report().metrics().get("idle_pct")).doubleValue();
        assertTrue(idleThreads > idle8 + 10, "8 threads of one mm sleep on mmap_sem while munmap holds it: " + idleThreads);
    }

    @Test
    void tasksAreBoundOneCorePerTaskAndTheRunIsDeterministic() {
        Result a = run("base", "signal1", "--mode", "processes", "--tasks", "4", "-s", "1", "--sample-ms", "1");
        Set<Integer> cores = new HashSet<>();
        for (Pthread t : a.kernel().sched().tasks()) {
            if (t.comm().matches(".*-\\d+")) {
                cores.add(a.kernel().topology().coreOf(t.cpu()));
            }
        }
        assertEquals(4, cores.size(), "task i runs on core i");
        Result b = run("base", "signal1", "--mode", "processes", "--tasks", "4", "-s", "1", "--sample-ms", "1");
        assertEquals(a.report().output(), b.report().output());
    }

    @Test
    void everyTestCaseRunsInBothModesAndCountsIterations() {
        for (String tc : Testcases.NAMES) {
            for (String mode : new String[] {"threads", "processes"}) {
                String ms = tc.equals("malloc1") || tc.startsWith("mmap") ? "5" : "1";
                Result r = run("spf,thp", tc, "--mode", mode, "--tasks", "3", "-s", "1", "--sample-ms", ms);
                Number per = (Number) r.report().metrics().get(mode.equals("threads") ? "per_thread_ops" : "per_process_ops");
                assertTrue(per.doubleValue() > 0, tc + " " + mode + " made no progress");
            }
        }
    }
}
