package numasim.workloads.kernbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;
import numasim.vm.SyscallEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workload;

class KernbenchTest {
    @Test
    void statisticsAreMeanAndSampleStandardDeviationPrintedLikeAwk() {
        // kernbench: var = (sum(x^2) - sum(x)^2 / n) / (n - 1)
        assertEquals("2 (1)", Kernbench.stat(new double[] {1, 2, 3}));
        assertEquals("10 (5)", Kernbench.stat(new double[] {5, 10, 15}));
        assertEquals("4", Kernbench.stat(new double[] {4}), "one run: just the value");
        assertEquals("145.968", Kernbench.g(145.968));
        assertEquals("1e+06", Kernbench.g(1_000_000));
    }

    @Test
    void loadsFollowTheScript() {
        KernbenchOptions o = KernbenchOptions.parse(List.of("-n", "5", "-o", "16"), 16);
        assertEquals(5, o.runs());
        assertEquals(List.of("Half load -j 8", "Optimal load -j 16", "Maximal load -j"), o.loads().stream().map(KernbenchOptions.Load::runName).toList());
        assertEquals(3, KernbenchOptions.parse(List.of("-M"), 4).loads().get(0).jobs(), "half of 4 CPUs is 2 jobs, raised to 3");
        assertEquals(List.of("optimal"), KernbenchOptions.parse(List.of("-M"), 2).loads().stream().map(KernbenchOptions.Load::name).toList(),
                "half load below 2 jobs is skipped");
        assertEquals(10, KernbenchOptions.parse(List.of("-n", "50"), 8).runs(), "trimmed to 10, as the script does");
        assertEquals(3, KernbenchOptions.parse(List.of("-f"), 8).runs(), "fast run: 3 runs");
    }

    @Test
    void optionsTheScriptRejects() {
        assertTrue(assertThrows(ConfigException.class, () -> KernbenchOptions.parse(List.of("-n", "0"), 8)).getMessage().contains("Nothing to do"));
        assertTrue(assertThrows(ConfigException.class, () -> KernbenchOptions.parse(List.of("-HOM"), 8)).getMessage().contains("Nothing to do"));
        assertTrue(assertThrows(ConfigException.class, () -> KernbenchOptions.parse(List.of("-x"), 8)).getMessage().contains("unknown option -x"));
        assertTrue(assertThrows(ConfigException.class, () -> KernbenchOptions.parse(List.of("-o", "lots"), 8)).getMessage().contains("not a number"));
    }

    @Test
    void anUnreadableOrBrokenProfileIsNamed(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> BuildProfile.load(dir.resolve("missing.yaml").toString()));
        assertTrue(e.getMessage().startsWith("profile: no build profile"), e.getMessage());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "jobs: 0\nreduced_jobs: 1\nmake_cpu_s: 1\nserial_s: 0\nper_job: {cpu_s: {mean: 1, sd: 0}}\nprograms: {}\n");
        String all = String.join("\n", assertThrows(ConfigException.class, () -> BuildProfile.load(bad.toString())).problems());
        assertTrue(all.contains("jobs: must be at least 1"), all);
        assertTrue(all.contains("per_job.anon_bytes: missing"), all);
        assertTrue(all.contains("programs.cc1: missing"), all);
    }

    @Test
    void compilersAreSingleThreadedSoSpfIsNeverTriedAndEveryPageComesBack() {
        MachineSpec spec = MachineSpecs.load("x86-kvm-16");
        Workload w = Kernbench.create(List.of("-n", "1", "-M", "-O"), Map.of("jobs", "12"), spec);
        Kernel k = new Kernel(spec, KernelFeatures.parse("spf"), 1);
        w.start(k.userEnv());
        k.run(w.limitNs());
        String out = w.report().output();
        assertTrue(out.contains("Average Half load -j 8 Run (std deviation):\nElapsed Time "), out);
        assertEquals(0, k.counters().get(SpfEvent.SPF));
        assertTrue(k.counters().get(FaultEvent.FAULTS) > 12 * 20_000, "each cc1 faults in its heap");
        assertTrue(k.counters().get(FaultEvent.AROUND_MAPPED) > 0, "text faults map around themselves");
        assertEquals(36, k.counters().get(SyscallEvent.EXECVE) , "gcc, cc1 and as for each of 12 jobs");
        assertTrue(k.checkInvariants(true).isEmpty());
    }
}
