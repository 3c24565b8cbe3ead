package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class SpfEbizzyTest {
    @Test
    @SuppressWarnings("unchecked")
    void quickReproductionWritesTheRunFolderAndShowsTheSpfMechanism(@TempDir Path dir) throws Exception {
        StringWriter log = new StringWriter();
        new SpfEbizzy().run(new Reproduction.Options(true, 2, 1, 2), dir, new PrintWriter(log));
        for (String f : new String[] {"summary.json", "table.md", "table.csv", "spf-ebizzy.png", "spf-ebizzy.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(8, Files.list(dir.resolve("runs")).count(), "2 machines x 2 kernels x 2 replications");
        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) summary.get("rows");
        Map<String, Double> emulated = new java.util.HashMap<>();
        for (Map<String, Object> r : rows) {
            assertTrue(r.keySet().containsAll(List.of("id", "metric", "published", "emulated", "unit", "ci95")), r.toString());
            emulated.put((String) r.get("id"), ((Number) r.get("emulated")).doubleValue());
        }
        // the mechanism, not the calibration: faults no longer queue behind mmap_sem writers
        assertTrue(emulated.get("x86-kvm-16/delta") > 10, "SPF gains on the guest: " + emulated);
        assertTrue(emulated.get("power8-80/delta") > 30, "SPF gains on POWER8: " + emulated);
        assertTrue(emulated.get("x86-kvm-16/spf_share") > 90, "most faults speculative on x86: " + emulated);
        assertEquals(1.0, emulated.get("power8-80/dominant_abort"), "spf_vma_changed dominates the aborts");
        assertTrue(!((List<?>) summary.get("calibrated")).isEmpty(), "calibrated parameters are declared");
        assertTrue(log.toString().contains("| x86 KVM guest (x86-kvm-16) |"), log.toString());
    }
}
