package numasim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numasim.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static void badInput(String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void microbenchPrintsEachProbeBesideItsPublishedFigureAndRefusesAnUnknownProbe() {
        Result r = run("microbench", "--machine", "x86-kvm-16", "--only", "null-syscall");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| null-syscall | 720 ns | 640 ns - 864 ns | 1.00 |"), r.out());
        Result bad = run("microbench", "--only", "nosuch");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--only: unknown probe 'nosuch'"), bad.err());
        Result lacks = run("microbench", "--machine", "x86-kvm-16", "--only", "null-syscall,line-pingpong-remote");
        assertEquals(2, lacks.code(), "a probe the machine cannot run is refused, not left out of the table");
        assertTrue(lacks.err().contains("--only: 'line-pingpong-remote' cannot run on x86-kvm-16: it needs a second socket"), lacks.err());
        assertTrue(run("microbench", "--machine", "skylake-4s-192", "--only", "vmcall").err().contains("it needs a hypervisor"));
    }

    @Test
    void microbenchSetsAGuestsParavirtualSwitchesAndCostsAndRefusesBadOnes() {
        Result base = run("microbench", "--machine", "x86-kvm-16", "--only", "ipi-call-socket");
        Result pv = run("microbench", "--machine", "x86-kvm-16", "--only", "ipi-call-socket", "--kvm", "posted_interrupts=off");
        assertEquals(0, pv.code(), pv.err());
        assertTrue(pv.out().contains("with posted_interrupts=off"), pv.out());
        assertTrue(!pv.out().equals(base.out()), "without posted interrupts the target exits to take the IPI");
        assertTrue(run("microbench", "--machine", "skylake-4s-192", "--kvm", "pv_ipi=on").err().contains("--kvm: skylake-4s-192 is bare metal"));
        assertTrue(run("microbench", "--machine", "x86-kvm-16", "--kvm", "pv_ipi=maybe").err().contains("--kvm pv_ipi: must be on or off"));
        Result range = run("microbench", "--machine", "x86-kvm-16", "--only", "null-syscall", "--cost", "host_slice=99999999");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("host_slice.value: outside its physical range"), range.err());
        assertTrue(run("microbench", "--cost", "nope=1").err().contains("--cost: unknown cost 'nope'"));
    }

    @Test
    void runPrintsEbizzyOutputThenCountersAndWritesMetrics(@TempDir Path dir) throws Exception {
        Result r = run("run", "ebizzy", "--machine", "two-node-test", "--seed", "3", "--out", dir.toString(), "--", "-mTt", "4", "-S", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)\\d+ records/s\nreal  1\\.00 s\nuser .*"), r.out());
        for (String event : new String[] {"page-faults", "pages-allocated:node0", "pages-allocated:node1", "tlb-shootdowns",
            "ipi-sent", "ipi-received", "context-switches", "mmap_sem:read-acquisitions", "mmap_sem:write-acquisitions",
            "mmap_sem:wait-msec"}) {
            assertTrue(r.err().contains(event), event + " missing from\n" + r.err());
            assertFalse(r.out().contains(event), "perf stat writes its block to stderr: " + r.out());
        }
        assertTrue(Files.readString(dir.resolve("proc-vmstat")).contains("\npgfault "), "counters under their /proc/vmstat names");
        String json = Files.readString(dir.resolve("metrics.json"));
        assertTrue(json.contains("\"records_per_s\""), json);
        assertTrue(json.contains("\"mmap_sem:write_acquire\""), json);
        assertTrue(Files.exists(dir.resolve("output.txt")));
    }

    @Test
    void perfStatDashXPrintsOneSeparatedLinePerEventAsPerfDoes(@TempDir Path dir) throws Exception {
        Result r = run("run", "will-it-scale", "--machine", "two-node-test", "--out", dir.toString(), "-x", ";", "--", "page_fault3", "--mode",
                "threads", "--tasks", "2", "-s", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isEmpty()).toList();
        assertTrue(lines.get(0).matches("\\d+;;page-faults;\\d+;100\\.00;;"), lines.get(0));
        assertTrue(lines.stream().allMatch(l -> l.split(";", -1).length == 7), "value;unit;event;run time;%;metric;unit: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("[0-9.]+;msec;mmap_sem:wait-msec;.*")), lines.toString());
        Result human = run("run", "will-it-scale", "--machine", "two-node-test", "--out", dir.resolve("h").toString(), "--", "page_fault3",
                "--mode", "threads", "--tasks", "2", "-s", "1");
        assertTrue(human.err().matches("(?s).*page-faults +# anon 0, cow 0, shared \\d+\\n.*"), "page_fault3's faults are shared file faults: " + human.err());
        assertTrue(human.err().matches("(?s).*ipi-sent +# reschedule \\d+, tlb \\d+\\n.*"), human.err());
    }

    @Test
    void runtestPrintsRuntestPysScalingCsv(@TempDir Path dir) throws Exception {
        Result r = run("runtest", "brk1", "--machine", "two-node-test", "--tasks", "1,2,8", "-s", "1", "--sample-ms", "5", "--jobs", "2", "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals("tasks,processes,processes_idle,threads,threads_idle,linear", rows.get(0));
        assertEquals("0,0,100,0,100,0", rows.get(1));
        assertEquals(5, rows.size(), rows.toString());
        String[] one = rows.get(2).split(",");
        String[] eight = rows.get(4).split(",");
        assertEquals("1", one[0]);
        assertEquals(Math.max(Long.parseLong(one[1]), Long.parseLong(one[3])) * 8, Long.parseLong(eight[5]), "linear = the one-task figure x tasks");
        assertTrue(Double.parseDouble(one[2]) > Double.parseDouble(eight[2]), "one task leaves more of the machine idle: " + rows);
        assertTrue(rows.get(3).matches("2,\\d+,\\d+\\.\\d\\d,\\d+,\\d+\\.\\d\\d,\\d+"), rows.get(3));
        assertEquals(String.join("\n", rows) + "\n", Files.readString(dir.resolve("runtest.csv")));
        assertTrue(Files.readString(dir.resolve("brk1.title")).contains("brk increase/decrease of one page"));
        badInput("workload.args: unknown test case 'nosuch'", "runtest", "nosuch");
    }

    @Test
    void sweepHelpShowsItsPlaceholdersAsWritten() {
        Result r = run("sweep", "--help");
        assertTrue(r.out().contains("cores_per_socket: \"${cpus}\"") && r.out().contains("-mTt ${cpus} -S 1"), r.out());
        assertFalse(r.out().contains("null"), r.out());
    }

    @Test
    void anUnusableOutputFolderIsOneLineBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        long t0 = System.nanoTime();
        badInput("--out: " + file + " exists and is not a directory", "run", "ebizzy", "--machine", "two-node-test", "--out", file.toString(), "--", "-S", "1");
        badInput("--out: " + file.resolve("sub") + ": " + file + " is a file, not a directory", "run", "ebizzy", "--machine", "two-node-test", "--out",
                file.resolve("sub").toString(), "--", "-S", "1");
        badInput("--out: an empty path", "run", "ebizzy", "--machine", "two-node-test", "--out", "", "--", "-S", "1");
        badInput("--out: " + file + " exists and is not a directory", "reproduce", "spf-ebizzy", "--out", file.toString());
        badInput("--out: " + file + " exists and is not a directory", "runtest", "brk1", "--out", file.toString());
        Path sweep = Files.writeString(dir.resolve("s.yaml"),
                "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t ${n} -S 1\"}}\naxes: {n: [1, 2]}\noutput: " + file.resolve("x") + "\n");
        badInput("output: " + file.resolve("x") + ": " + file + " is a file, not a directory", "sweep", sweep.toString());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "refused before anything was simulated");
    }

    @Test
    void aLargeSweepAsksForYesWithItsEstimateAndAnInheritingFileIsNotThePreset(@TempDir Path dir) throws Exception {
        Path sweep = Files.writeString(dir.resolve("s.yaml"), "experiment: {machine: two-node-test, workload: {name: ebizzy, args: \"-t 1 -S 1\"}}\n"
                + "axes: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\nreplications: 10\noutput: " + dir.resolve("out") + "\n");
        Result r = run("sweep", sweep.toString(), "--jobs", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("numasim: --yes: 1100 points (110 combinations x 10 replications); estimated wall time: ~"), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing started");
        Path file = Files.writeString(dir.resolve("two-socket.yaml"), "inherit: skylake-4s-192\ntopology: {sockets: 2, distances: [[10, 21], [31, 10]]}\n");
        Result show = run("machine", "show", file.toString());
        assertTrue(show.out().startsWith("two-socket: skylake-4s-192 with the changes in two-socket.yaml\n"), show.out());
        assertTrue(show.err().contains("warning: topology.distances: not symmetric: node 0 -> 1 is 21, 1 -> 0 is 31"), show.err());
        Path dirAsMachine = Files.createDirectories(dir.resolve("m.yaml"));
        badInput("machine: " + dirAsMachine + " is a directory, not a YAML file", "machine", "show", dirAsMachine.toString());
    }

    @Test
    void sameSeedSameMetricsByteForByte(@TempDir Path dir) throws Exception {
        String[] args = {"--", "-mTt", "8", "-S", "1"};
        for (String sub : new String[] {"a", "b"}) {
            String[] full = new String[6 + args.length];
            System.arraycopy(new String[] {"run", "ebizzy", "--machine", "two-node-test", "--out", dir.resolve(sub).toString()}, 0, full, 0, 6);
            System.arraycopy(args, 0, full, 6, args.length);
            assertEquals(0, run(full).code());
        }
        assertEquals(Files.readString(dir.resolve("a/metrics.json")), Files.readString(dir.resolve("b/metrics.json")));
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        badInput("machine: unknown preset or file 'vax'", "run", "ebizzy", "--machine", "vax", "--", "-S", "1");
        badInput("workload: unknown workload 'fortune'", "run", "fortune");
        badInput("workload.args: unknown option -Q", "run", "ebizzy", "--", "-Q");
        badInput("workload.args: -t 0: must be a positive number of threads", "run", "ebizzy", "--", "-t", "0");
        badInput("workload.args: -S -1: must be a positive number of seconds", "run", "ebizzy", "--", "-S", "-1");
        badInput("more threads than a process can have", "run", "ebizzy", "--", "-t", "99999");
        badInput("multiple of the record size", "run", "ebizzy", "--", "-s", "1001");
        badInput("kernel: unknown kernel feature 'turbo'", "run", "ebizzy", "--kernel", "turbo");
        badInput("--seed", "run", "ebizzy", "--seed", "abc");
        badInput("Unknown option: '--colour'", "run", "ebizzy", "--colour");
        badInput("Unmatched argument", "frobnicate");
        badInput("kernel: unknown kernel feature 'dax'", "run", "ebizzy", "--kernel", "spf,dax");
        badInput("workload.args: unknown test case 'page_fault9'", "run", "will-it-scale", "--", "page_fault9");
        badInput("workload.args: --tasks 0: must be 1..2048", "run", "will-it-scale", "--", "page_fault1", "--tasks", "0");
        badInput("workload.args: --tasks 4096: must be 1..2048", "run", "will-it-scale", "--", "page_fault1", "-t", "4096");
        badInput("workload.args: --mode must be processes or threads, got 'fibers'", "run", "will-it-scale", "--", "brk1", "--mode", "fibers");
        badInput("workload.args: no test case given", "run", "will-it-scale", "--", "--tasks", "2");
        badInput("profile: no build profile '/nonexistent.yaml'", "run", "kernbench", "--set", "profile=/nonexistent.yaml", "--", "-n", "1");
        badInput("Nothing to do", "run", "kernbench", "--", "-n", "0");
        badInput("unknown option -q", "run", "kernbench", "--", "-q");
        badInput("reproduction: unknown reproduction 'spf-android'", "reproduce", "spf-android");
        badInput("--replications: at least 2", "reproduce", "spf-ebizzy", "--replications", "1");
        badInput("reproduce: missing NAME (or --all)", "reproduce");
        badInput("reproduce: give either --all or a NAME, not both", "reproduce", "spf-ebizzy", "--all");
        Path m = dir.resolve("zero-cpus.yaml");
        Files.writeString(m, "inherit: two-node-test\ntopology:\n  cores_per_socket: 0\n");
        badInput("topology.cores_per_socket: must be between 1 and 1024, got 0", "run", "ebizzy", "--machine", m.toString());
    }

    @Test
    void badHintingInputGetsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        badInput("kernel: unknown hinting variant 'bitmap-v9'", "run", "memhog", "--machine", "two-node-guest", "--kernel", "hinting=bitmap-v9",
                "--", "--size", "1G");
        badInput("kernel: hinting_order 11 is above MAX_ORDER-1 (10) of two-node-guest", "run", "memhog", "--machine", "two-node-guest",
                "--kernel", "hinting=reporting,hinting_order=11", "--", "--size", "1G");
        badInput("kernel: free page hinting needs a guest machine", "run", "memhog", "--machine", "two-node-test", "--kernel", "hinting=reporting",
                "--", "--size", "1G");
        Path small = dir.resolve("small-host.yaml");
        Files.writeString(small, new String(getClass().getResourceAsStream("/hosts/host-64g.yaml").readAllBytes()).replace("memory: 64G", "memory: 4G"));
        badInput("host: guest two-node-guest#1 (8 GiB) does not fit host host-64g (4 GiB) and the host does not overcommit", "run", "memhog",
                "--machine", "two-node-guest", "--kernel", "hinting=bitmap-numa", "--host", small.toString(), "--", "--size", "1G");
        badInput("host: unknown host preset or file 'host-1t'", "run", "memhog", "--machine", "two-node-guest", "--host", "host-1t", "--", "--size", "1G");
        badInput("workload.args: missing --size", "run", "memhog", "--machine", "two-node-guest");
        badInput("workload.args: --size 9 GiB is more than two-node-guest has (8 GiB)", "run", "memhog", "--machine", "two-node-guest", "--", "--size", "9G");
        badInput("workload.args: --loops must be in 1..1000, got 0", "run", "memhog", "--machine", "two-node-guest", "--", "--size", "1G", "--loops", "0");
        badInput("workload.args: unknown option --bytes", "run", "noisy", "--machine", "two-node-guest", "--", "--bytes", "1G");
        Path badHost = dir.resolve("bad-host.yaml");
        Files.writeString(badHost, "name: h\nmemory: 4G\ncosts:\n  ept_fault: {value: 1}\n");
        Result r = run("run", "memhog", "--machine", "two-node-guest", "--host", badHost.toString(), "--", "--size", "1G");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("host.costs.ept_fault.source: missing") && r.err().contains("host.costs.swap_in: missing"), r.err());
    }

    @Test
    void anExperimentFileNamesTheHostBehindAHintingGuest(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hint.yaml");
        Files.writeString(f, "machine: two-node-guest\nkernel: hinting=bitmap-numa\nhost: host-64g\n"
                + "workload: {name: memhog, args: --size 512M --tasks 2 --bind yes --hold 1}\nreplications: 2\noutput: " + dir.resolve("out") + "\n");
        Result r = run("run", "--config", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hinting.node1.coverage_pct"), r.out());
        Files.writeString(f, "machine: two-node-guest\nhost: host-1t\nworkload: {name: memhog, args: --size 1G}\n");
        r = run("run", "--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("host: unknown host preset or file 'host-1t'"), r.err());
    }

    @Test
    void daxioRunsAndBadDaxInputGetsOneLine() {
        Result r = run("run", "daxio", "--machine", "two-node-pmem", "--out", System.getProperty("java.io.tmpdir") + "/numasim-daxio-test", "--",
                "--file-size", "256M", "--refcount", "legacy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("page reference-count operations: 0"), "legacy: mappings take no references: " + r.out());
        badInput("workload.args: --file-size 32 GiB is larger than the DAX device (16 GiB): ENOSPC", "run", "daxio", "--machine", "two-node-pmem",
                "--", "--file-size", "32G");
        badInput("machine: two-node-test has no device memory for DAX", "run", "daxio", "--machine", "two-node-test");
        badInput("workload.args: --refcount must be legacy or normal, got 'devmap'", "run", "daxio", "--machine", "two-node-pmem", "--", "--refcount", "devmap");
    }

    @Test
    void badPostcopyInputGetsOneLine() {
        badInput("workload.args: --mode must be missing or minor, got 'wp'", "run", "postcopy", "--", "--mode", "wp");
        badInput("workload.args: --mode minor needs a file both mappings share: --backing shmem", "run", "postcopy", "--", "--mode", "minor",
                "--backing", "anon");
        badInput("workload.args: --guest-size must be a multiple of the huge page size (2 MiB) on hugetlbfs", "run", "postcopy", "--", "--mode",
                "minor", "--backing", "hugetlbfs", "--guest-size", "3M");
        badInput("workload.args: --mode missing runs on anonymous or hugetlbfs guest RAM", "run", "postcopy", "--", "--backing", "shmem");
        badInput("workload.args: --precopied must be a fraction in 0..1, got '2'", "run", "postcopy", "--", "--precopied", "2");
        badInput("workload.args: --link-latency: not a duration (a number with ns, us, ms or s, e.g. 50us, 1ms, 2s): 'soon'", "run", "postcopy", "--", "--link-latency", "soon");
        badInput("workload.args: --working-set 2 GiB is larger than --guest-size 1 GiB", "run", "postcopy", "--", "--guest-size", "1G", "--working-set", "2G");
    }

    @Test
    void postcopyTakesDurationsInEveryUnitAsTheReadmeWritesThem(@TempDir Path dir) {
        Result r = run("run", "postcopy", "--out", dir.toString(), "--", "--guest-size", "16M", "--working-set", "4M", "--think", "2us",
                "--link-latency", "1s");
        assertEquals(0, r.code(), r.err());
        Result ms = run("run", "postcopy", "--out", dir.resolve("ms").toString(), "--", "--guest-size", "16M", "--working-set", "4M",
                "--think", "0.002ms", "--link-latency", "1000ms");
        assertEquals(r.out().replaceAll("(run folder|Performance counter stats for).*", ""), ms.out().replaceAll("(run folder|Performance counter stats for).*", ""),
                "2us = 0.002ms, 1s = 1000ms");
    }

    @Test
    void memhogWithHintingPrintsPerNodeCoverageAndWritesTheTimeSeries(@TempDir Path dir) throws Exception {
        Result r = run("run", "memhog", "--machine", "two-node-guest", "--kernel", "hinting=bitmap-v10", "--out", dir.toString(), "--",
                "--size", "1G", "--tasks", "2", "--bind", "yes", "--hold", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Free page hinting: bitmap-v10, order 9 (2 MiB blocks), host host-64g"), r.out());
        assertTrue(r.out().contains("| node | free >= order (MiB) | hinted (MiB) | coverage %"), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("hinting.csv"));
        assertEquals("time_s,node,free_mib,hinted_mib,coverage_pct,host_rss_mib,reported_pages", csv.get(0));
        assertTrue(csv.size() > 10, "samples over time: " + csv.size());
        String metrics = Files.readString(dir.resolve("metrics.json"));
        assertTrue(metrics.contains("\"hinting.node1.coverage_pct\" : 0.0"), metrics);
    }

    @Test
    void experimentFileRunsItsReplicationsAndAggregates(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, "machine: {inherit: two-node-test, name: one-socket, topology: {sockets: 1}}\nkernel: [spf]\n"
                + "workload: {name: ebizzy, args: -mTt 4 -S 1}\nreplications: 2\nseed: 5\noutput: " + dir.resolve("out") + "\n");
        Result r = run("run", "--config", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 replication(s), seeds 5..6"), r.out());
        assertTrue(r.out().contains("| records_per_s |"), r.out());
        assertTrue(Files.exists(dir.resolve("out/seed-5/metrics.json")) && Files.exists(dir.resolve("out/seed-6/metrics.json")));
        assertTrue(Files.readString(dir.resolve("out/seed-5/metrics.json")).contains("\"kernel\" : \"spf\""));
    }

    @Test
    void aBadExperimentFileReportsEveryProblemWithItsFieldPath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "machine: x86-kvm-16\ncolour: blue\nworkload: {name: ebizzy, args: [-Q], extra: 1}\nreplications: many\n");
        Result r = run("run", "--config", f.toString());
        assertEquals(2, r.code());
        for (String e : new String[] {"numasim: colour: unknown field", "numasim: workload.extra: unknown field",
            "numasim: replications: must be a whole number, got a string 'many'", "numasim: workload.args: unknown option -Q"}) {
            assertTrue(r.err().contains(e), e + " missing from\n" + r.err());
        }
        assertEquals(4, r.err().strip().lines().count(), r.err());
        Path yaml = dir.resolve("broken.yaml");
        Files.writeString(yaml, "machine: [unclosed\n");
        badInput("config: " + yaml + " is not valid YAML", "run", "--config", yaml.toString());
        Path typed = dir.resolve("typed.yaml");
        Files.writeString(typed, "machine: 42\nworkload: ebizzy\n");
        Result t = run("run", "--config", typed.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("machine: must be a preset name, a machine file or a mapping, got a number"), t.err());
        assertTrue(t.err().contains("workload: must be a mapping, got a string"), t.err());
        badInput("give either --config FILE or a WORKLOAD", "run", "ebizzy", "--config", f.toString());
    }

    @Test
    void helpShowsAnExample() {
        for (String cmd : new String[] {"run", "bench", "list", "reproduce"}) {
            Result r = run(cmd, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Example:"), cmd + ": " + r.out());
        }
    }

    @Test
    void machineShowPrintsTopologyDistancesAndSourcedCosts() {
        Result r = run("machine", "show", "skylake-4s-192");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nCPU(s):                 192\n"), r.out());
        assertTrue(r.out().contains("node 1 cpus: 24 25"), "CPUs numbered as Linux does: " + r.out());
        assertTrue(r.out().contains("\nNUMA node1 CPU(s):      24-47,120-143\n"), "lscpu's field and cpulist: " + r.out());
        assertTrue(r.out().contains("\nnode   0   1   2   3 \n  0:  10  21  21  21 \n"), "numactl's distance layout: " + r.out());
        assertTrue(r.out().contains("line_remote            127 ns (drawn 114-141)"), r.out());
        assertTrue(r.out().contains("range 80-90              machines.md: local 80-90 ns"), "each cost's physical range and its source: " + r.out());
        badInput("machine: unknown preset or file 'pdp-11'", "machine", "show", "pdp-11");
    }

    @Test
    void machineShowFollowsNumactlAndLscpuOnPmemPowerAndAGuest() {
        String pmem = run("machine", "show", "two-node-pmem").out();
        assertTrue(pmem.contains("\navailable: 2 nodes (0-1)\n"), "device memory is not a node of the page allocator: " + pmem);
        assertTrue(pmem.contains("\nnode 1 free: 4096 MB\n"), pmem);
        assertTrue(pmem.contains("\nnode   0   1 \n  0:  10  21 \n  1:  21  10 \n"), pmem);
        assertTrue(pmem.contains("Device memory:         16 GiB persistent memory"), pmem);
        assertTrue(!pmem.contains("Hypervisor vendor"), "bare metal has no hypervisor line: " + pmem);
        String power = run("machine", "show", "power8-80").out();
        assertTrue(power.contains("\nArchitecture:           ppc64le\n"), power);
        assertTrue(!power.contains("CPU op-mode"), power);
        String guest = run("machine", "show", "x86-kvm-16").out();
        assertTrue(guest.contains("\nHypervisor vendor:      KVM\n") && guest.contains("\navailable: 1 nodes (0)\n"), guest);
        assertEquals("0,1,4,5", Lscpu.cpulist(java.util.List.of(0, 1, 4, 5)));
        assertEquals("0-2,7,9-11", Lscpu.cpulist(java.util.List.of(0, 1, 2, 7, 9, 10, 11)));
    }

    @Test
    void listNamesPresetsAndWorkloads() {
        Result r = run("list");
        assertEquals(0, r.code());
        for (String s : new String[] {"x86-kvm-16", "power8-80", "skylake-4s-192", "two-node-test", "ebizzy", "kernbench",
            "spf-ebizzy", "spf-kernbench", "spf "}) {
            assertTrue(r.out().contains(s), r.out());
        }
    }
}
