package numasim.workloads.kernbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.Schema;
import numasim.topology.YamlDocs;

/**
 * What one kernel build asks of the machine, read from a data file: the number of compile jobs, each
 * job's CPU time, the serial steps after them (linking vmlinux, modpost), the programs it runs (their binaries are mapped and partly touched), the headers and
 * source it reads, the heap it touches, and what it writes.
 */
public record BuildProfile(
        String name,
        String description,
        int jobs,
        int reducedJobs,
        double makeCpuS,
        double serialS,
        double cpuMeanS,
        double cpuSdS,
        double asCpuS,
        long anonBytes,
        int headers,
        long headerBytes,
        long sourceBytes,
        long asmBytes,
        long outputBytes,
        Map<String, Program> programs,
        Map<String, String> sources) {

    /** A program run by each job: its text and libraries (mapped at exec) and the share of them touched. */
    public record Program(long textBytes, long libBytes, double touched) {
    }

    public static final List<String> SHIPPED = List.of("x86-kvm-16", "power8-80");
    private static final List<String> PROGRAMS = List.of("gcc", "cc1", "as");

    /** The shipped profile for a machine preset, or a profile file. */
    public static BuildProfile load(String nameOrPath) {
        if (SHIPPED.contains(nameOrPath)) {
            try (InputStream in = BuildProfile.class.getResourceAsStream("/profiles/kernbench-" + nameOrPath + ".yaml")) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), nameOrPath);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p)) {
            throw new ConfigException("profile", "no build profile '" + nameOrPath + "' (shipped: " + String.join(", ", SHIPPED) + ")");
        }
        return parse(numasim.topology.YamlDocs.read(p, "profile"), nameOrPath);
    }

    /** A program each job runs. */
    static final Schema PROGRAM = Schema.of("program", "a program's binary, its libraries, and the share of them a run touches")
            .bytes("text", "the binary's text").bytes("libs", "its shared libraries").number("touched", null, 0, 1, "the share of text and libraries touched");

    /** A build profile (workloads/src/main/resources/profiles/*.yaml). */
    public static final Schema PROFILE = Schema.of("profile", "what one kernel build asks of the machine")
            .optionalString("name", "the profile's name").string("description", "", "one line")
            .integer("jobs", null, 1, Integer.MAX_VALUE, "compile jobs of the full tree")
            .integer("reduced_jobs", null, 1, Integer.MAX_VALUE, "compile jobs of the reduced tree (default builds)")
            .number("make_cpu_s", null, 0, "make's own CPU time (s)")
            .number("serial_s", null, 0, "serial steps after the jobs: link, modpost (s)")
            .map("per_job", Schema.of("per_job", "one compile job")
                    .map("cpu_s", Schema.of("cpu_s", "cc1's CPU time per job, log-normal").number("mean", null, Double.MIN_VALUE, "mean (s)")
                            .number("sd", null, 0, "standard deviation (s)"), true, "cc1's CPU time")
                    .number("as_cpu_s", null, 0, "as's CPU time (s)")
                    .bytes("anon_bytes", "heap touched").integer("headers", null, 0, Integer.MAX_VALUE, "headers read")
                    .bytes("header_bytes", "bytes per header").bytes("source_bytes", "source read")
                    .bytes("asm_bytes", "assembly written (tmpfs)").bytes("output_bytes", "object written"), true, "one job's demand")
            .map("programs", Schema.of("programs", "the programs a job runs").map("gcc", PROGRAM, true, "the driver")
                    .map("cc1", PROGRAM, true, "the compiler").map("as", PROGRAM, true, "the assembler"), true, "gcc, cc1 and as")
            .map("sources", Schema.of("sources", "where each figure comes from").open(), false, "sources of the figures");

    static BuildProfile parse(String text, String origin) {
        Map<String, Object> m = YamlDocs.mapping(text, "profile", origin);
        Schema.Problems problems = new Schema.Problems();
        Schema.Doc doc = PROFILE.read(m, "", problems);
        Schema.Doc job = doc.map("per_job");
        Schema.Doc cpu = job.map("cpu_s");
        Map<String, Program> programs = new LinkedHashMap<>();
        for (String name : PROGRAMS) {
            Schema.Doc p = doc.map("programs").map(name);
            programs.put(name, new Program(p.size("text"), p.size("libs"), p.number("touched")));
        }
        Map<String, String> sources = new LinkedHashMap<>();
        doc.map("sources").mapping().forEach((k, v) -> sources.put(String.valueOf(k), String.valueOf(v)));
        int jobs = doc.integer("jobs");
        int reduced = doc.integer("reduced_jobs");
        if (reduced > jobs) {
            doc.problem("reduced_jobs", "at most jobs (" + jobs + "), got " + reduced);
        }
        if (problems.any()) {
            throw new ConfigException(problems.lines().stream().map(p -> "profile " + origin + ": " + p).toList());
        }
        return new BuildProfile(doc.has("name") ? doc.string("name") : origin, doc.string("description"), jobs, reduced,
                doc.number("make_cpu_s"), doc.number("serial_s"), cpu.number("mean"), cpu.number("sd"), job.number("as_cpu_s"),
                job.size("anon_bytes"), job.integer("headers"), job.size("header_bytes"), job.size("source_bytes"), job.size("asm_bytes"),
                job.size("output_bytes"), programs, sources);
    }
}
