package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The three hinting reproductions in their --quick versions: files written and the mechanisms visible. */
class HintingReproductionsTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Double> emulated(Path dir) throws Exception {
        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
        Map<String, Double> m = new HashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("rows")) {
            m.put(r.get("id") + ":" + r.get("metric"), ((Number) r.get("emulated")).doubleValue());
        }
        return m;
    }

    private static void files(Path dir, String chart) throws Exception {
        for (String f : new String[] {"summary.json", "table.md", "table.csv", chart + ".png", chart + ".svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    @Test
    void numaGapShowsTheSecondNodeUnhintedOnlyWithTheSeedsIndexing(@TempDir Path dir) throws Exception {
        StringWriter log = new StringWriter();
        new HintingNumaGap().run(new Reproduction.Options(true, 1, 1, 2), dir, new PrintWriter(log));
        files(dir, "hinting-numa-gap");
        Map<String, Double> e = emulated(dir);
        String c = ":steady_state_coverage_pct";
        assertTrue(e.get("bitmap-v10/node0" + c) >= HintingNumaGap.COVERED, e.toString());
        assertTrue(e.get("bitmap-v10/node1" + c) < HintingNumaGap.NEAR_ZERO, e.toString());
        assertTrue(e.get("bitmap-numa/node0" + c) >= HintingNumaGap.COVERED, e.toString());
        assertTrue(e.get("bitmap-numa/node1" + c) >= HintingNumaGap.COVERED, e.toString());
        assertTrue(e.get("reporting/node0" + c) > 90, e.toString());
        assertTrue(e.get("reporting/node1" + c) > 90, e.toString());
        // the host keeps backing what v10 never hinted
        assertTrue(e.get("bitmap-v10/node1:host_rss_mib") > 2 * e.get("bitmap-numa/node1:host_rss_mib"), e.toString());
        assertTrue(log.toString().contains("bitmap-v10 leaves node 1 near 0 % while node 0 is covered: yes"), log.toString());
    }

    @Test
    void capacityFitsMoreGuestsWithHinting(@TempDir Path dir) throws Exception {
        new HintingCapacity().run(new Reproduction.Options(true, 1, 1, 2), dir, new PrintWriter(new StringWriter()));
        files(dir, "hinting-capacity");
        Map<String, Double> e = emulated(dir);
        double none = e.get("none:guests_without_swap");
        assertTrue(none >= 1 && none < e.get("reporting:guests_without_swap"), e.toString());
        assertTrue(none < e.get("bitmap-numa:guests_without_swap"), e.toString());
    }

    @Test
    void forwardProgressReportsWhatEachVariantHintedBesideTheNoisyAllocator(@TempDir Path dir) throws Exception {
        new HintingForwardProgress().run(new Reproduction.Options(true, 1, 1, 2), dir, new PrintWriter(new StringWriter()));
        files(dir, "hinting-forward-progress");
        Map<String, Double> e = emulated(dir);
        assertEquals(6, e.size(), e.toString());
        for (String v : HintingForwardProgress.VARIANTS) {
            assertTrue(e.get(v + ":hinted_gib_after_15s") > 1, v + " hints the memory freed beside the noise: " + e);
        }
        // reporting also walks memory never used since boot; the bitmaps only see frees
        assertTrue(e.get("reporting:coverage_after_15s_pct") > e.get("bitmap-numa:coverage_after_15s_pct"), e.toString());
    }
}
