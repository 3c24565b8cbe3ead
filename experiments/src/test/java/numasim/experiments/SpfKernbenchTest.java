package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpfKernbenchTest {
    @Test
    void quickReproductionWritesTheRunFolder(@TempDir Path dir) throws Exception {
        StringWriter log = new StringWriter();
        new SpfKernbench(false).run(new Reproduction.Options(true, 2, 1, 2), dir, new PrintWriter(log));
        for (String f : new String[] {"summary.json", "table.md", "table.csv", "spf-kernbench.png", "spf-kernbench.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        String md = Files.readString(dir.resolve("table.md"));
        assertTrue(md.contains("| x86 KVM guest | half    | system_s "), md);
        assertTrue(md.contains("| POWER8        | spf             |"), md);
        assertTrue(md.contains("elapsed, full tree"), md);
    }
}
