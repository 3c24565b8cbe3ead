package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.Schema;
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

    /** An experiment's workload. */
    static final Schema WORKLOAD = Schema.of("workload", "the program to run")
            .string("name", null, "a workload (numasim list shows them)")
            .any("args", false, "its own command-line arguments: a string or a list")
            .map("set", Schema.of("set", "model settings that are not program options (--set key=value)").open(), false, "model settings");

    /** An experiment file (numasim run --config FILE). */
    public static final Schema EXPERIMENT = Schema.of("experiment", "a machine, a kernel, a workload and its arguments, replications")
            .any("machine", true, "a preset name, a machine file or a mapping with the machine-file fields")
            .any("kernel", false, "a feature list (spf,thp) or a list of features; base by default")
            .optionalString("host", "a host preset or host file behind a guest's memory")
            .map("workload", WORKLOAD, true, "the workload")
            .integer("replications", 1, 1, 1000, "independent replications, seeds seed..seed+n-1")
            .integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "the first replication's seed")
            .optionalString("output", "the run folder");

    /** An experiment inside a sweep file: the same fields, any of which may hold ${name} placeholders (each point is checked whole). */
    static final Schema EXPERIMENT_TEMPLATE = Schema.of("experiment", "an experiment whose fields may hold ${name} placeholders")
            .any("machine", true, "a preset name, a machine file or a mapping with the machine-file fields")
            .any("kernel", false, "a feature list or a list of features")
            .any("host", false, "a host preset or host file")
            .any("workload", true, "the workload: name, args, set")
            .any("replications", false, "replications (the sweep's replications take their place)")
            .any("seed", false, "seed (the sweep's seeds take its place)")
            .any("output", false, "ignored: the sweep has its own folder");

    public static ExperimentFile load(Path file) {
        return fromMap(YamlDocs.mapping(YamlDocs.read(file, "config"), "config", file.toString()), file.toAbsolutePath().getParent());
    }

    /** An experiment from its YAML tree; relative machine files resolve against {@code dir}. */
    @SuppressWarnings("unchecked")
    public static ExperimentFile fromMap(Map<String, Object> m, Path dir) {
        Schema.Problems problems = new Schema.Problems();
        Schema.Doc doc = EXPERIMENT.read(m, "", problems);
        MachineSpec machine = null;
        Object mo = doc.raw("machine");
        try {
            if (mo instanceof Map) {
                machine = MachineSpecs.fromMap((Map<String, Object>) mo, "machine.");
            } else if (mo instanceof String s) {
                Path rel = dir.resolve(s);
                machine = MachineSpecs.load(MachineSpecs.PRESETS.contains(s) || !Files.exists(rel) ? s : rel.toString());
            } else if (mo != null) {
                doc.problem("machine", "must be a preset name, a machine file or a mapping, got " + Schema.typeOf(mo));
            }
        } catch (ConfigException e) {
            e.problems().forEach(problems::addLine);
        }
        KernelFeatures kernel = null;
        Object ko = doc.has("kernel") ? doc.raw("kernel") : "base";
        try {
            if (ko instanceof String s) {
                kernel = KernelFeatures.parse(s);
            } else if (ko instanceof List<?> l) {
                kernel = KernelFeatures.parse(String.join(",", l.stream().map(String::valueOf).toList()));
            } else {
                doc.problem("kernel", "must be a feature or a list of features, got " + Schema.typeOf(ko));
            }
        } catch (ConfigException e) {
            e.problems().forEach(problems::addLine);
        }
        HostSpec host = null;
        if (doc.has("host")) {
            try {
                String hs = doc.string("host");
                Path rel = dir.resolve(hs);
                host = HostSpecs.load(HostSpecs.PRESETS.contains(hs) || !Files.exists(rel) ? hs : rel.toString());
            } catch (ConfigException e) {
                e.problems().forEach(problems::addLine);
            }
        }
        WorkloadFactory workload = null;
        List<String> args = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Schema.Doc w = doc.map("workload");
        if (w.has("name")) {
            try {
                workload = Workloads.byName(w.string("name"));
            } catch (ConfigException e) {
                w.problem("name", e.problems().get(0).replaceFirst("^workload: ", ""));
            }
        }
        Object a = w.raw("args");
        if (a instanceof String s) {
            args.addAll(List.of(s.trim().isEmpty() ? new String[0] : s.trim().split("\\s+")));
        } else if (a instanceof List<?> l) {
            l.forEach(x -> args.add(String.valueOf(x)));
        } else if (a != null) {
            w.problem("args", "must be a string or a list, got " + Schema.typeOf(a));
        }
        w.map("set").mapping().forEach((k, v) -> settings.put(String.valueOf(k), String.valueOf(v)));
        Path output = doc.has("output") ? Path.of(doc.string("output")) : null;
        if (workload != null && machine != null) {
            try {
                workload.create(args, settings, machine); // the workload's own option checks
            } catch (ConfigException e) {
                e.problems().forEach(problems::addLine);
            }
        }
        problems.throwIfAny();
        return new ExperimentFile(machine, kernel, host, workload, List.copyOf(args), settings, doc.integer("replications"), doc.longValue("seed"),
                output);
    }
}
