package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The experiment files the README points to stay valid as the schema moves. */
class ExamplesTest {
    @Test
    void everyExampleExperimentLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "docs", "examples"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "docs/examples holds the README's sensitivity studies");
        for (Path f : files) {
            ExperimentFile e = ExperimentFile.load(f);
            assertEquals("skylake-4s-192", e.machine().name(), f.toString());
        }
    }
}
