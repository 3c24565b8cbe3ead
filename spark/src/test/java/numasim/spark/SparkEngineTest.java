package numasim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.experiments.Sweep;
import numasim.experiments.engine.LocalEngine;
import numasim.experiments.engine.SweepEngine;
import numasim.experiments.engine.SweepEngines;
import numasim.topology.ConfigException;

class SparkEngineTest {
    static Path sweepFile(Path dir, String out) throws Exception {
        Path f = dir.resolve("sweep-" + out.hashCode() + ".yaml");
        Files.writeString(f, """
                experiment:
                  machine: {inherit: two-node-test, name: "box-${cores}", topology: {cores_per_socket: "${cores}"}}
                  workload: {name: ebizzy, args: "-mTt ${cores} -S 1"}
                axes:
                  cores: [1, 2]
                  kernel: [base, spf]
                replications: 2
                output: %s
                """.formatted(out));
        return f;
    }

    static SweepEngine spark() {
        return SweepEngines.byName("spark");
    }

    @Test
    void sparkLocalGivesTheSameRunsCsvAndAggregateAsTheLocalEngine(@TempDir Path dir) throws Exception {
        Sweep local = new Sweep(sweepFile(dir, dir.resolve("local").toString()), null);
        local.run(new LocalEngine(), new SweepEngine.Options(2, null, false), new PrintWriter(new StringWriter()), false);
        Sweep onSpark = new Sweep(sweepFile(dir, dir.resolve("spark").toString()), null);
        StringWriter log = new StringWriter();
        var o = onSpark.run(spark(), new SweepEngine.Options(2, null, false), new PrintWriter(log), false);
        assertTrue(o.failures().isEmpty(), o.failures().toString());
        assertTrue(log.toString().contains("] 8/8 runs, ETA"), "the progress bar follows task completions: " + log);
        assertEquals(Files.readString(dir.resolve("local/runs.csv")), Files.readString(dir.resolve("spark/runs.csv")));
        assertEquals(Files.readString(dir.resolve("local/aggregate.csv")), Files.readString(dir.resolve("spark/aggregate.csv")));
        // resume: nothing left to run
        StringWriter again = new StringWriter();
        new Sweep(sweepFile(dir, dir.resolve("spark").toString()), null).run(spark(), new SweepEngine.Options(2, null, false), new PrintWriter(again), false);
        assertTrue(again.toString().startsWith("resuming: 8 of 8 runs already finished"), again.toString());
    }

    @Test
    void aFailingSimulationIsRecordedNotRetriedAndTheSweepFinishes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("oom.yaml");
        Files.writeString(f, """
                experiment:
                  machine: two-node-test
                  workload: {name: memhog, args: "--size ${size}"}
                axes:
                  size: [64M, 2047M]
                output: %s
                """.formatted(dir.resolve("out")));
        var o = new Sweep(f, null).run(spark(), new SweepEngine.Options(2, null, false), new PrintWriter(new StringWriter()), false);
        assertEquals(1, o.failures().size());
        assertTrue(o.failures().get(1).contains("out of memory"), o.failures().toString());
        assertTrue(Files.readAllLines(dir.resolve("out/runs.csv")).get(1).startsWith("64M,1,ok,"));
    }

    @Test
    void badMastersAreOneLineNamingTheFlag() {
        ConfigException unreachable = assertThrows(ConfigException.class, () -> SparkEngine.checkMaster("spark://127.0.0.1:1"));
        assertTrue(unreachable.getMessage().startsWith("--master: cannot reach spark://127.0.0.1:1"), unreachable.getMessage());
        ConfigException malformed = assertThrows(ConfigException.class, () -> SparkEngine.checkMaster("spark:/nohost"));
        assertTrue(malformed.getMessage().contains("--master: not a Spark master"), malformed.getMessage());
        assertThrows(ConfigException.class, () -> SparkEngine.checkMaster("spark://host-without-port"));
        assertEquals("local[3]", SparkEngine.checkMaster("local[3]"));
        ConfigException engine = assertThrows(ConfigException.class, () -> SweepEngines.byName("flink"));
        assertTrue(engine.getMessage().contains("--engine: unknown engine 'flink' (engines: local, spark)"), engine.getMessage());
    }
}
