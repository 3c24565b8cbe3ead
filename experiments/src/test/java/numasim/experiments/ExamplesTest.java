package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            // the machine the file names (a preset, or an inline machine's name), with the costs it inherits
            String text = Files.readString(f);
            assertTrue(text.contains("machine: " + e.machine().name()) || text.contains("name: " + e.machine().name()), f + " loads " + e.machine().name());
            assertTrue(e.machine().cpus() > 0, f.toString());
        }
    }
}
