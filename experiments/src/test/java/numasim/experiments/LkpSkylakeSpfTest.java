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

class LkpSkylakeSpfTest {
    @Test
    @SuppressWarnings("unchecked")
    void quickReproductionCoversAllTwentyRowsAndShowsTheMechanisms(@TempDir Path dir) throws Exception {
        StringWriter log = new StringWriter();
        new LkpSkylakeSpf().run(new Reproduction.Options(true, 2, 1, 2), dir, new PrintWriter(log));
        for (String f : new String[] {"summary.json", "table.md", "table.csv", "lkp-skylake-spf.png", "lkp-skylake-spf.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(40, Files.list(dir.resolve("runs")).count(), "20 rows x base and head");
        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
        Map<String, Double> emulated = new HashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("rows")) {
            emulated.put((String) r.get("id"), ((Number) r.get("emulated")).doubleValue());
        }
        assertEquals(62, emulated.size(), "base, head and change per row, plus the two tallies");
        // SPF's costs on shared lines with file-backed faults that still take mmap_sem ...
        assertTrue(emulated.get("thp-disabled/page_fault3/per_thread_ops/change") < -5, emulated.toString());
        assertTrue(emulated.get("thp-disabled/page_fault2/per_thread_ops/change") < -5, emulated.toString());
        // ... and its gain when faults stop queueing behind mmap/munmap writers
        // (the quick run's short samples give +25-30 %; the full run +57-91 %: the size is chaotic, the sign is not)
        assertTrue(emulated.get("thp-disabled/malloc1/per_thread_ops/change") > 10, emulated.toString());
        assertTrue(emulated.get("thp-enabled/malloc1/per_thread_ops/change") > 10, emulated.toString());
        String table = log.toString();
        for (String tc : new String[] {"page_fault1", "page_fault2", "page_fault3", "malloc1", "brk1", "context_switch1", "signal1", "read1",
            "read2", "writeseek3"}) {
            assertTrue(table.contains("| " + tc), tc);
        }
    }
}
