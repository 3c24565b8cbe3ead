package numasim.workloads.kernbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import numasim.topology.ConfigException;
import numasim.topology.Sizes;
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
    private static final Set<String> TOP = Set.of("name", "description", "jobs", "reduced_jobs", "make_cpu_s", "serial_s", "per_job", "programs", "sources");
    private static final Set<String> JOB = Set.of("cpu_s", "as_cpu_s", "anon_bytes", "headers", "header_bytes", "source_bytes", "asm_bytes", "output_bytes");
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
        if (!Files.isReadable(p) || !Files.isRegularFile(p)) {
            throw new ConfigException("profile", "cannot read build profile '" + nameOrPath + "' (shipped: " + String.join(", ", SHIPPED) + ")");
        }
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new ConfigException("profile", "cannot read build profile '" + nameOrPath + "': " + e.getMessage());
        }
        return parse(text, nameOrPath);
    }

    @SuppressWarnings("unchecked")
    static BuildProfile parse(String text, String origin) {
        Map<String, Object> m = YamlDocs.mapping(text, "profile", origin);
        List<String> problems = new ArrayList<>();
        unknown(problems, "", m, TOP);
        Map<String, Object> job = m.get("per_job") instanceof Map ? (Map<String, Object>) m.get("per_job") : Map.of();
        if (!(m.get("per_job") instanceof Map)) {
            problems.add("per_job: missing");
        }
        unknown(problems, "per_job.", job, JOB);
        int jobs = (int) positive(problems, "jobs", m.get("jobs"));
        int reduced = (int) positive(problems, "reduced_jobs", m.get("reduced_jobs"));
        double makeCpu = nonNegative(problems, "make_cpu_s", m.get("make_cpu_s"));
        double serial = nonNegative(problems, "serial_s", m.get("serial_s"));
        Map<String, Object> cpu = job.get("cpu_s") instanceof Map ? (Map<String, Object>) job.get("cpu_s") : Map.of();
        if (!(job.get("cpu_s") instanceof Map)) {
            problems.add("per_job.cpu_s: must be {mean: s, sd: s}");
        }
        double mean = positiveD(problems, "per_job.cpu_s.mean", cpu.get("mean"));
        double sd = nonNegative(problems, "per_job.cpu_s.sd", cpu.get("sd"));
        double asCpu = nonNegative(problems, "per_job.as_cpu_s", job.get("as_cpu_s"));
        long anon = size(problems, "per_job.anon_bytes", job.get("anon_bytes"));
        int headers = (int) nonNegative(problems, "per_job.headers", job.get("headers"));
        long headerBytes = size(problems, "per_job.header_bytes", job.get("header_bytes"));
        long sourceBytes = size(problems, "per_job.source_bytes", job.get("source_bytes"));
        long asmBytes = size(problems, "per_job.asm_bytes", job.get("asm_bytes"));
        long outputBytes = size(problems, "per_job.output_bytes", job.get("output_bytes"));
        Map<String, Program> programs = new LinkedHashMap<>();
        Map<String, Object> pm = m.get("programs") instanceof Map ? (Map<String, Object>) m.get("programs") : Map.of();
        for (String name : PROGRAMS) {
            Object o = pm.get(name);
            if (!(o instanceof Map)) {
                problems.add("programs." + name + ": missing (text, libs, touched)");
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) o;
            unknown(problems, "programs." + name + ".", p, Set.of("text", "libs", "touched"));
            double touched = nonNegative(problems, "programs." + name + ".touched", p.get("touched"));
            if (touched > 1) {
                problems.add("programs." + name + ".touched: a share of the binary, at most 1, got " + touched);
            }
            programs.put(name, new Program(size(problems, "programs." + name + ".text", p.get("text")),
                    size(problems, "programs." + name + ".libs", p.get("libs")), touched));
        }
        Map<String, String> sources = new LinkedHashMap<>();
        if (m.get("sources") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> sources.put(String.valueOf(k), String.valueOf(v)));
        }
        if (reduced > jobs) {
            problems.add("reduced_jobs: at most jobs (" + jobs + "), got " + reduced);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> "profile " + origin + ": " + p).toList());
        }
        return new BuildProfile(String.valueOf(m.getOrDefault("name", origin)), String.valueOf(m.getOrDefault("description", "")),
                jobs, reduced, makeCpu, serial, mean, sd, asCpu, anon, headers, headerBytes, sourceBytes, asmBytes, outputBytes, programs, sources);
    }

    private static void unknown(List<String> problems, String prefix, Map<String, Object> m, Set<String> known) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown field");
            }
        }
    }

    private static double number(List<String> problems, String field, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(field + ": " + (v == null ? "missing" : "must be a number, got '" + v + "'"));
        return 0;
    }

    private static long positive(List<String> problems, String field, Object v) {
        double d = number(problems, field, v);
        if (v instanceof Number && d < 1) {
            problems.add(field + ": must be at least 1, got " + v);
        }
        return (long) d;
    }

    private static double positiveD(List<String> problems, String field, Object v) {
        double d = number(problems, field, v);
        if (v instanceof Number && d <= 0) {
            problems.add(field + ": must be positive, got " + v);
        }
        return d;
    }

    private static double nonNegative(List<String> problems, String field, Object v) {
        double d = number(problems, field, v);
        if (v instanceof Number && d < 0) {
            problems.add(field + ": must not be negative, got " + v);
        }
        return d;
    }

    private static long size(List<String> problems, String field, Object v) {
        if (v == null) {
            problems.add(field + ": missing");
            return 0;
        }
        try {
            return Sizes.parse(field, v);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return 0;
        }
    }
}
