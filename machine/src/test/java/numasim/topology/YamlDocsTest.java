package numasim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocsTest {
    private static String why(Path p) {
        return assertThrows(ConfigException.class, () -> YamlDocs.read(p, "machine")).getMessage();
    }

    @Test
    void aFileThatCannotBeYamlSaysWhyAtOnce(@TempDir Path dir) throws Exception {
        assertTrue(why(dir.resolve("nosuch.yaml")).endsWith("nosuch.yaml: no such file"));
        assertTrue(why(dir).endsWith("is a directory, not a YAML file"), why(dir));
        Path bin = Files.write(dir.resolve("bin.yaml"), new byte[] {'a', 0, 1, 2});
        assertTrue(why(bin).endsWith("is not text/YAML (binary data)"));
        Path latin = Files.write(dir.resolve("latin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9, (byte) 0xff});
        assertTrue(why(latin).endsWith("is not text/YAML (not UTF-8)"));
        Path big = Files.writeString(dir.resolve("big.yaml"), "a".repeat(YamlDocs.MAX_BYTES + 1));
        long t0 = System.nanoTime();
        assertTrue(why(big).contains("more than numasim reads (1024 KiB)"), why(big));
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "refused without parsing");
    }

    @Test
    void aliasBombsAndDeepNestingAreRefusedByTheParser() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 60; i++) {
            bomb.append((char) ('b' + i % 20)).append(i).append(": &").append((char) ('b' + i % 20)).append(i).append(" [*a, *a, *a]\n");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDocs.mapping(bomb.toString(), "sweep", "bomb.yaml"));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        String deep = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThrows(ConfigException.class, () -> YamlDocs.mapping(deep, "sweep", "deep.yaml"));
        assertEquals(1, YamlDocs.mapping("a: 1\n", "sweep", "ok.yaml").size());
    }
}
