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

class SpfEbizzyMtrpTest {
    @Test
    @SuppressWarnings("unchecked")
    void theTransferCheckRunsTheEarlierLettersCaseOnAnIdleHostAndComparesWithV10(@TempDir Path dir) throws Exception {
        StringWriter log = new StringWriter();
        new SpfEbizzyMtrp().run(new Reproduction.Options(true, 2, 1, 2), dir, new PrintWriter(log));
        for (String f : new String[] {"summary.json", "table.md", "table.csv", "spf-ebizzy-mtrp.png", "spf-ebizzy-mtrp.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(8, Files.list(dir.resolve("runs")).count(), "2 machines x 2 kernels x 2 replications");
        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
        Map<String, Double> emulated = new HashMap<>();
        Map<String, Double> published = new HashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("rows")) {
            emulated.put((String) r.get("id"), ((Number) r.get("emulated")).doubleValue());
            published.put((String) r.get("id"), ((Number) r.get("published")).doubleValue());
        }
        assertEquals(12405.52, published.get("x86-kvm-16-idle-host/base"), 1e-9, "compared with the v10 letter");
        assertEquals(101.16, published.get("power8-80/delta"), 1e-9);
        // the guest on an idle host runs at full speed: far above the loaded v11 guest's ~1,400 records/s (-mTt 16)
        assertTrue(emulated.get("x86-kvm-16-idle-host/spf") > 20_000, emulated.toString());
        for (String m : List.of("x86-kvm-16-idle-host", "power8-80")) {
            assertTrue(emulated.get(m + "/delta") > 10, "SPF gains on " + m + ": " + emulated);
            assertTrue(emulated.get(m + "/spf_share") > 90, "most faults speculative on " + m + ": " + emulated);
        }
        assertTrue(log.toString().contains("not modelled"), "spf_pte_lock is shown as not modelled");
    }
}
