package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.kernel.KernelFeatures;
import numasim.results.MetricsJson;
import numasim.results.RunRecord;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;

class CompareTest {
    private static void runs(Path dir, String kernel, int n) throws Exception {
        for (int s = 1; s <= n; s++) {
            WorkloadRun.Outcome o = WorkloadRun.run(MachineSpecs.load("two-node-test"), KernelFeatures.parse(kernel), Workloads.byName("ebizzy"),
                    List.of("-mTt", "4", "-S", "1"), Map.of(), s);
            MetricsJson.write(dir.resolve("seed-" + s).resolve("metrics.json"), o.record());
        }
    }

    @Test
    void lkpLayoutWithTheChangeMarkedSignificantAndCountersByTheirVmstatNames(@TempDir Path dir) throws Exception {
        runs(dir.resolve("base"), "base", 3);
        runs(dir.resolve("spf"), "spf", 3);
        List<RunRecord> a = Compare.load(dir.resolve("base"), "A");
        assertEquals(3, a.size());
        String out = Compare.render(a, Compare.load(dir.resolve("spf"), "B"), "base", "spf", false);
        assertTrue(out.contains("         %stddev     %change         %stddev\n"), out);
        assertTrue(out.matches("(?s).*\\n +\\d+ ( |±) *\\d*%? +[-+]\\d+\\.\\d% +\\d+ .*\\* ebizzy\\.records_per_s\\n.*"), out);
        assertTrue(out.contains(" proc-vmstat.pgfault\n"), "counters by their /proc/vmstat names: " + out);
        assertTrue(out.contains("numasim.spf\n") && out.matches("(?s).*new +\\d+.*numasim\\.spf\\n.*"), "a counter only the new side counts: " + out);
        String same = Compare.render(a, a, "base", "base", false);
        assertTrue(!same.contains("ebizzy.records_per_s"), "unchanged rows are left out unless --all: " + same);
        assertTrue(Compare.render(a, a, "base", "base", true).contains("ebizzy.records_per_s"));
    }

    @Test
    void ratesAreHarmonicMeansAndTheTestIsPairedWhenTheSeedsMatch() {
        assertEquals(2.0 / (1 / 1.0 + 1 / 3.0), Compare.mean(new double[] {1, 3}, true), 1e-12);
        assertEquals(2.0, Compare.mean(new double[] {1, 3}, false), 1e-12);
        assertTrue(Compare.isRate("ebizzy.records_per_s") && Compare.isRate("will-it-scale.per_thread_ops") && !Compare.isRate("ebizzy.sys_s"));
        // the same seeds: a small, consistent shift is significant paired, not with Welch's test
        Map<Long, Double> a = Map.of(1L, 100.0, 2L, 200.0, 3L, 300.0, 4L, 400.0);
        Map<Long, Double> b = Map.of(1L, 101.0, 2L, 201.1, 3L, 300.9, 4L, 401.05);
        Compare.Row paired = Compare.row("x.t", new java.util.TreeMap<>(a), new java.util.TreeMap<>(b));
        assertTrue(paired.significant(), "paired: " + paired);
        Map<Long, Double> other = Map.of(5L, 101.0, 6L, 201.1, 7L, 300.9, 8L, 401.05);
        Compare.Row welch = Compare.row("x.t", new java.util.TreeMap<>(a), new java.util.TreeMap<>(other));
        assertTrue(!welch.significant(), "Welch's: " + welch);
        assertNull(Compare.row("x.t", Map.of(), b));
        assertNotNull(Compare.row("x.t", a, a));
    }

    @Test
    void aPathWithoutRunsIsOneClearMessage(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> Compare.load(dir, "A"));
        assertTrue(e.getMessage().contains("no run records"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> Compare.load(dir.resolve("nosuch"), "B"));
        assertTrue(missing.getMessage().contains("B: ") && missing.getMessage().contains("no such file or directory"), missing.getMessage());
    }
}
