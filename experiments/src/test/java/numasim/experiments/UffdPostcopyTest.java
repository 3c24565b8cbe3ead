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

class UffdPostcopyTest {
    @Test
    @SuppressWarnings("unchecked")
    void minorModeMapsArrivedPagesWithoutCopyingThem(@TempDir Path dir) throws Exception {
        new UffdPostcopy().run(new Reproduction.Options(true, 1, 1, 2), dir, new PrintWriter(new StringWriter()));
        for (String f : new String[] {"summary.json", "table.md", "table.csv", "uffd-postcopy.png", "uffd-postcopy.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
        Map<String, Double> e = new HashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("rows")) {
            e.put(r.get("id") + ":" + r.get("metric"), ((Number) r.get("emulated")).doubleValue());
        }
        double missingCopies = e.get("missing/anon:uffdio_copy");
        double minorCopies = e.get("minor/shmem:uffdio_copy");
        assertEquals(8192, missingCopies, "missing mode copies every page of the 32 MiB working set");
        assertEquals(e.get("minor/shmem:pages_transferred"), minorCopies, "minor mode copies only what came over the link: " + e);
        assertTrue(minorCopies < 0.2 * missingCopies, e.toString());
        assertTrue(e.get("minor/shmem:fault_latency_p50_us") < e.get("missing/anon:fault_latency_p50_us"), "no copy on the fault path: " + e);
        assertEquals(16, e.get("missing/hugetlbfs:uffdio_copy"), "32 MiB is 16 huge pages, each copied whole");
        assertEquals(e.get("minor/hugetlbfs:pages_transferred"), e.get("minor/hugetlbfs:uffdio_copy"), e.toString());
        assertTrue(e.get("minor/hugetlbfs:fault_latency_p50_us") * 10 < e.get("missing/hugetlbfs:fault_latency_p50_us"),
                "no 2 MiB copy on the fault path: " + e);
    }
}
