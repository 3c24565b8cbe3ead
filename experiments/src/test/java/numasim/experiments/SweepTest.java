package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.topology.ConfigException;

class SweepTest {
    private static Path sweepFile(Path dir, String out) throws Exception {
        Path f = dir.resolve("sweep.yaml");
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

    @Test
    void theSameNumbersWithOneOrTwoWorkersAndAResumeKeepsFinishedRuns(@TempDir Path dir) throws Exception {
        Sweep one = new Sweep(sweepFile(dir, dir.resolve("one").toString()), null);
        assertEquals(8, one.size(), "2 x 2 combinations x 2 replications");
        one.run(1, new PrintWriter(new StringWriter()), false);
        Sweep two = new Sweep(sweepFile(dir, dir.resolve("two").toString()), null);
        StringWriter log = new StringWriter();
        two.run(2, new PrintWriter(log), false);
        assertTrue(log.toString().contains("] 8/8 runs, ETA"), log.toString());
        String csv = Files.readString(dir.resolve("one/runs.csv"));
        assertEquals(csv, Files.readString(dir.resolve("two/runs.csv")));
        assertTrue(csv.startsWith("cores,kernel,seed,"), csv);
        assertEquals(9, csv.lines().count(), "a header and one row per run");
        java.util.List<String> jsonl = Files.readAllLines(dir.resolve("one/runs.jsonl"));
        assertEquals(8, jsonl.size());
        assertTrue(jsonl.get(0).contains("\"axes\":{\"cores\":1,\"kernel\":\"base\"}") && jsonl.get(0).contains("\"schema_version\":2")
                && jsonl.get(0).contains("\"git_commit\""), jsonl.get(0));
        // lose two runs, as a killed sweep would; the rerun does only those
        try (var files = Files.list(dir.resolve("two/runs"))) {
            files.limit(2).forEach(p -> p.toFile().delete());
        }
        StringWriter again = new StringWriter();
        new Sweep(sweepFile(dir, dir.resolve("two").toString()), null).run(2, new PrintWriter(again), false);
        assertTrue(again.toString().startsWith("resuming: 6 of 8 runs already finished"), again.toString());
        assertEquals(csv, Files.readString(dir.resolve("two/runs.csv")));
        assertTrue(Files.size(dir.resolve("two/chart-records_per_s.png")) > 0);
        assertTrue(Files.size(dir.resolve("two/chart-records_per_s.svg")) > 0);
        assertTrue(!Files.exists(dir.resolve("two/chart-chunk_size.png")), "a constant is not charted");
        assertTrue(Files.readString(dir.resolve("two/report.md")).contains("- reproduce with: numasim sweep "), "the report says how to reproduce it");
        assertTrue(Files.readString(dir.resolve("two/aggregate.csv")).contains(",counter.fault:anon,2,"), "the aggregate has the counters");
        assertTrue(!Files.exists(dir.resolve("two/chart-threads.png")), "nor the thread count that repeats the cores axis");
        assertTrue(Files.readString(dir.resolve("two/aggregate.csv")).contains("1,base,records_per_s,2,"));
    }

    @Test
    void aPointWhoseSimulationFailsIsARowWithItsMessageAndTheOthersFinish(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("oom.yaml");
        Files.writeString(f, """
                experiment:
                  machine: two-node-test
                  workload: {name: memhog, args: "--size ${size}"}
                axes:
                  size: [64M, 2047M]
                output: %s
                """.formatted(dir.resolve("out")));
        Sweep s = new Sweep(f, null);
        var o = s.run(new numasim.experiments.engine.LocalEngine(), new numasim.experiments.engine.SweepEngine.Options(2, null, false),
                new PrintWriter(new StringWriter()), false);
        assertEquals(1, o.failures().size());
        assertTrue(o.failures().get(1).contains("out of memory"), o.failures().toString());
        java.util.List<String> rows = Files.readAllLines(dir.resolve("out/runs.csv"));
        assertTrue(rows.get(0).startsWith("size,seed,status,message,"), rows.get(0));
        assertTrue(rows.get(1).startsWith("64M,1,ok,,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("2047M,1,failed,out of memory"), rows.get(2));
        assertEquals(1, runFiles(dir.resolve("out/runs"), "size=64M,seed=1,"));
        assertEquals(0, runFiles(dir.resolve("out/runs"), "size=2047M,seed=1,"), "a failed point is run again on resume");
    }

    private static long runFiles(Path runs, String prefix) throws Exception {
        try (var files = Files.list(runs)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".json")).count();
        }
    }

    @Test
    void aKernelValueWithACommaIsOneQuotedCsvFieldAndNestedResultsAreColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("thp.yaml");
        Files.writeString(f, """
                experiment:
                  machine: two-node-test
                  workload: {name: kernbench, args: "-n 1 -H -M"}
                axes:
                  kernel: [base, "spf,thp"]
                output: %s
                """.formatted(dir.resolve("out")));
        new Sweep(f, null).run(2, new PrintWriter(new StringWriter()), false);
        try (var parser = org.apache.commons.csv.CSVParser.parse(dir.resolve("out/runs.csv"), java.nio.charset.StandardCharsets.UTF_8,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            java.util.List<String> header = parser.getHeaderNames();
            java.util.List<org.apache.commons.csv.CSVRecord> rows = parser.getRecords();
            assertEquals(2, rows.size());
            for (org.apache.commons.csv.CSVRecord r : rows) {
                assertEquals(header.size(), r.size(), "every row has the header's column count");
            }
            assertEquals("spf,thp", rows.get(1).get("kernel"));
            assertTrue(header.contains("optimal.system_s"), "kernbench's nested runs are columns: " + header);
            assertTrue(Double.parseDouble(rows.get(0).get("optimal.system_s")) > 0, "the mean of the load's runs");
            assertEquals(header.size(), new java.util.HashSet<>(header).size(), "no duplicate column: " + header);
        }
    }

    @Test
    void changingTheWorkloadArgumentsDoesNotReuseFinishedRuns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        String text = """
                experiment:
                  machine: two-node-test
                  workload: {name: ebizzy, args: "-t ${n} -S %d"}
                axes:
                  n: [1, 2]
                output: %s
                """;
        Files.writeString(f, text.formatted(1, dir.resolve("out")));
        new Sweep(f, null).run(1, new PrintWriter(new StringWriter()), false);
        Files.writeString(f, text.formatted(2, dir.resolve("out")));
        StringWriter log = new StringWriter();
        new Sweep(f, null).run(1, new PrintWriter(log), false);
        assertTrue(!log.toString().contains("resuming"), "-S 2 is another experiment: " + log);
        assertEquals(2, runFiles(dir.resolve("out/runs"), "n=1,seed=1,"), "both experiments' runs are kept apart");
        StringWriter again = new StringWriter();
        new Sweep(f, null).run(1, new PrintWriter(again), false);
        assertTrue(again.toString().startsWith("resuming: 2 of 2 runs already finished"), again.toString());
    }

    @Test
    void aDryRunListsThePointsAndEstimatesTheWallTimeWithoutWritingAnything(@TempDir Path dir) throws Exception {
        Sweep s = new Sweep(sweepFile(dir, dir.resolve("dry").toString()), null);
        String out = s.dryRun(2);
        assertTrue(out.contains("  cores=2,kernel=spf,seed=2\n"), out);
        assertTrue(out.contains("8 points (4 combinations x 2 replications)"), out);
        assertTrue(out.matches("(?s).*estimated wall time: ~\\d+ s on 2 worker\\(s\\) \\(calibrated on 2 run\\(s\\).*"), "one per machine size: " + out);
        assertTrue(!Files.exists(dir.resolve("dry")), "a dry run writes nothing");
    }

    @Test
    void aHugeSweepIsRefusedAtOnceAndALargeOneIsExpandedLazily(@TempDir Path dir) throws Exception {
        String axis = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        Path f = dir.resolve("huge.yaml");
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${a} -S 1\"}}\naxes: {a: %s, b: %s, c: %s, d: %s, e: %s, f: %s}\noutput: x\n"
                .formatted(axis, axis, axis, axis, axis, axis));
        long t0 = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, () -> new Sweep(f, null));
        assertTrue(e.getMessage().contains("axes: 1,000,000 points (1,000,000 combinations x 1 replications): more than one sweep runs (100,000)"),
                e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "refused before a point is built");
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${a} -S 1\"}}\naxes: {a: %s, b: %s, c: %s, d: %s}\noutput: x\n"
                .formatted(axis, axis, axis, axis));
        Sweep s = new Sweep(f, null);
        assertEquals(10_000, s.size());
        assertEquals("a=10,b=10,c=10,d=9,seed=1", s.spec().points().get(9_998).id(), "the last axis varies fastest");
    }

    @Test
    void placeholdersFieldPathsOnPresetsAndEveryBadValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${n} ${nosuch} -S 1\"}}\naxes: {n: [1]}\noutput: x\n");
        assertEquals("experiment: ${nosuch} is not an axis (axes: n)", assertThrows(ConfigException.class, () -> new Sweep(f, null)).getMessage());
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t 2 -S 1\"}}\naxes: {machine.topology.sockets: [1, 2]}\noutput: x\n");
        Sweep s = new Sweep(f, null);
        assertEquals(1, s.spec().build(s.spec().points().get(0)).machine().sockets(), "a preset name behaves as inherit");
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${n} -S 1\"}}\naxes: {n: [2, -1, 0]}\noutput: x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new Sweep(f, null));
        assertEquals(2, e.problems().size(), "every bad value: " + e.problems());
        assertTrue(e.problems().get(0).startsWith("combination {n=-1}") && e.problems().get(1).startsWith("combination {n=0}"), e.problems().toString());
    }

    @Test
    void badSweepFilesNameTheField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${n}\"}}\naxes: {n: []}\nreplications: 0\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new Sweep(f, null));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("axes.n: must be a non-empty list"), all);
        assertTrue(all.contains("replications: must be between 1 and 1000, got 0"), all);
        assertTrue(all.contains("output: missing"), all);
        Files.writeString(f, "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${n} -S 1\"}}\naxes: {n: [2, 0]}\noutput: x\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> new Sweep(f, null));
        assertTrue(e2.getMessage().contains("combination {n=0}: workload.args: -t 0: must be a positive number of threads"), e2.getMessage());
    }
}
