package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.topology.YamlDocs;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.Workloads;

/**
 * An experiment described in a YAML file: machine (preset, file or inline), kernel features, the workload
 * with its own arguments and model settings, replications, seed and output folder. Every problem is
 * reported at once, each with the path of its field.
 *
 * <pre>
 * machine: x86-kvm-16          # or a machine file, or a mapping with the machine-file fields
 * kernel: spf                  # or a list: [spf]; hinting=reporting for free page hinting
 * host: host-64g               # optional: a host preset or host file behind a guest's memory
 * workload:
 *   name: ebizzy
 *   args: -mTt 16 -S 2         # or a list
 *   set: {malloc: static}
 * replications: 3
 * seed: 1
 * output: runs/my-experiment
 * </pre>
 */
public record ExperimentFile(MachineSpec machine, KernelFeatures kernel, HostSpec host, WorkloadFactory workload, List<String> args,
        Map<String, String> settings, int replications, long seed, Path output) {

    private static final Set<String> TOP = Set.of("machine", "kernel", "host", "workload", "replications", "seed", "output");
    private static final Set<String> WORKLOAD = Set.of("name", "args", "set");

    public static ExperimentFile load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        }
        return fromMap(YamlDocs.mapping(text, "config", file.toString()), file.toAbsolutePath().getParent());
    }

    /** An experiment from its YAML tree; relative machine files resolve against {@code dir}. */
    @SuppressWarnings("unchecked")
    public static ExperimentFile fromMap(Map<String, Object> m, Path dir) {
        List<String> problems = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!TOP.contains(k)) {
                problems.add(k + ": unknown field (known: " + String.join(", ", TOP.stream().sorted().toList()) + ")");
            }
        }
        MachineSpec machine = null;
        Object mo = m.get("machine");
        try {
            if (mo == null) {
                problems.add("machine: missing (a preset name, a machine file or a mapping)");
            } else if (mo instanceof Map) {
                machine = MachineSpecs.fromMap((Map<String, Object>) mo, "machine.");
            } else if (mo instanceof String s) {
                Path rel = dir.resolve(s);
                machine = MachineSpecs.load(MachineSpecs.PRESETS.contains(s) || !Files.exists(rel) ? s : rel.toString());
            } else {
                problems.add("machine: must be a preset name, a machine file or a mapping, got " + typeOf(mo));
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        KernelFeatures kernel = null;
        Object ko = m.getOrDefault("kernel", "base");
        try {
            if (ko instanceof String s) {
                kernel = KernelFeatures.parse(s);
            } else if (ko instanceof List<?> l) {
                kernel = KernelFeatures.parse(String.join(",", l.stream().map(String::valueOf).toList()));
            } else {
                problems.add("kernel: must be a feature or a list of features, got " + typeOf(ko));
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        HostSpec host = null;
        Object ho = m.get("host");
        if (ho != null) {
            try {
                if (ho instanceof String hs) {
                    Path rel = dir.resolve(hs);
                    host = HostSpecs.load(HostSpecs.PRESETS.contains(hs) || !Files.exists(rel) ? hs : rel.toString());
                } else {
                    problems.add("host: must be a host preset name or a host file, got " + typeOf(ho));
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        WorkloadFactory workload = null;
        List<String> args = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Object wo = m.get("workload");
        if (!(wo instanceof Map)) {
            problems.add("workload: " + (wo == null ? "missing" : "must be a mapping with name, args, set, got " + typeOf(wo)));
        } else {
            Map<String, Object> w = (Map<String, Object>) wo;
            for (String k : w.keySet()) {
                if (!WORKLOAD.contains(k)) {
                    problems.add("workload." + k + ": unknown field (known: args, name, set)");
                }
            }
            try {
                workload = Workloads.byName(String.valueOf(w.get("name")));
            } catch (ConfigException e) {
                problems.add("workload.name: " + (w.get("name") == null ? "missing" : e.problems().get(0).replaceFirst("^workload: ", "")));
            }
            Object a = w.get("args");
            if (a instanceof String s) {
                args.addAll(List.of(s.trim().isEmpty() ? new String[0] : s.trim().split("\\s+")));
            } else if (a instanceof List<?> l) {
                l.forEach(x -> args.add(String.valueOf(x)));
            } else if (a != null) {
                problems.add("workload.args: must be a string or a list, got " + typeOf(a));
            }
            Object so = w.get("set");
            if (so instanceof Map<?, ?> sm) {
                sm.forEach((k, v) -> settings.put(String.valueOf(k), String.valueOf(v)));
            } else if (so != null) {
                problems.add("workload.set: must be a mapping of settings, got " + typeOf(so));
            }
        }
        int reps = intField(problems, m, "replications", 1, 1, 1000);
        long seed = m.get("seed") == null ? 1 : m.get("seed") instanceof Number n && !(m.get("seed") instanceof Double) ? n.longValue() : badSeed(problems, m.get("seed"));
        Path output = null;
        if (m.get("output") != null) {
            if (m.get("output") instanceof String s) {
                output = Path.of(s);
            } else {
                problems.add("output: must be a folder path, got " + typeOf(m.get("output")));
            }
        }
        if (workload != null && machine != null) {
            try {
                workload.create(args, settings, machine); // the workload's own option checks
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ExperimentFile(machine, kernel, host, workload, List.copyOf(args), settings, reps, seed, output);
    }

    private static long badSeed(List<String> problems, Object v) {
        problems.add("seed: must be a whole number, got " + typeOf(v) + " '" + v + "'");
        return 0;
    }

    private static int intField(List<String> problems, Map<String, Object> m, String key, int dflt, int min, int max) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer i)) {
            problems.add(key + ": must be a whole number, got " + typeOf(v) + " '" + v + "'");
            return dflt;
        }
        if (i < min || i > max) {
            problems.add(key + ": must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    private static String typeOf(Object o) {
        return o instanceof Map ? "a mapping" : o instanceof List ? "a list" : o instanceof String ? "a string"
                : o instanceof Boolean ? "a boolean" : o instanceof Number ? "a number" : String.valueOf(o);
    }
}
