package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.topology.ConfigException;
import numasim.topology.Schema;
import numasim.topology.YamlDocs;

/**
 * What a sweep file asks for: an experiment and its axes (a name or field path each, with a list of
 * values), replications, the first seed and the output folder. Every combination, times the
 * replications, is one point; every point's experiment is built (and so checked) up front.
 *
 * <pre>
 * experiment:                       # the fields of an experiment file; ${name} takes an axis value
 *   machine: {inherit: x86-kvm-16, topology: {cores_per_socket: "${cpus}"}}
 *   workload: {name: ebizzy, args: "-mTt ${cpus} -S 1"}
 * axes:
 *   cpus: [4, 8, 16]                # a name used in ${...}, or a field path such as kernel
 *   kernel: [base, spf]
 * replications: 3
 * seed: 1
 * output: runs/ebizzy-sweep
 * </pre>
 */
public final class SweepSpec {
    /** A sweep file (numasim sweep FILE). */
    public static final Schema SWEEP = Schema.of("sweep", "an experiment over axes, with replications")
            .map("experiment", ExperimentFile.EXPERIMENT_TEMPLATE, true, "the fields of an experiment file; ${name} takes an axis value")
            .map("axes", Schema.of("axes", "a name used in ${...} or a field path (kernel, machine.topology.sockets), each with its values").open(),
                    true, "the axes")
            .integer("replications", 1, 1, 1000, "replications of every combination")
            .integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "the first replication's seed")
            .optionalString("output", "the sweep's folder, where finished runs are kept for resuming");

    /** One run of the sweep: a combination of axis values and a seed. */
    record Point(Map<String, Object> axes, long seed) {
        String id() {
            StringBuilder sb = new StringBuilder();
            axes.forEach((k, v) -> sb.append(k.replaceAll("[^A-Za-z0-9]", "_")).append('=').append(String.valueOf(v).replaceAll("[^A-Za-z0-9.+-]", "_")).append(','));
            return sb.append("seed=").append(seed).toString();
        }
    }

    final Map<String, Object> experiment;
    final LinkedHashMap<String, List<Object>> axes = new LinkedHashMap<>();
    final int replications;
    final long combinations;
    /** Each combination's simulated CPUs (a run's cost grows with them), known from its validation. */
    private final int[] cpus;
    final long seed;
    final Path output;
    final Path dir;
    final Path file;
    final Path outputOverride;

    /** Reads and checks {@code file}; {@code outputOverride} (if not null) replaces its output. */
    @SuppressWarnings("unchecked")
    public SweepSpec(Path file, Path outputOverride) {
        Map<String, Object> m = YamlDocs.mapping(YamlDocs.read(file, "sweep"), "sweep", file.toString());
        Schema.Problems problems = new Schema.Problems();
        Schema.Doc doc = SWEEP.read(m, "", problems);
        Schema.Doc ax = doc.map("axes");
        if (doc.has("axes") && ax.mapping().isEmpty()) {
            doc.problem("axes", "must map names or field paths to lists of values");
        }
        ax.mapping().forEach((k, v) -> {
            if (!(v instanceof List<?> l) || l.isEmpty()) {
                ax.problem(k, "must be a non-empty list of values");
            } else {
                axes.put(k, new ArrayList<>(l));
            }
        });
        this.replications = doc.integer("replications");
        this.seed = doc.longValue("seed");
        this.output = outputOverride != null ? outputOverride : doc.has("output") ? Path.of(doc.string("output")) : null;
        if (output == null) {
            doc.problem("output", "missing (the sweep's folder, where finished runs are kept for resuming)");
        }
        problems.throwIfAny();
        this.experiment = (Map<String, Object>) m.get("experiment");
        this.dir = file.toAbsolutePath().getParent();
        this.file = file;
        this.outputOverride = outputOverride;
        long n = 1;
        for (List<Object> values : axes.values()) {
            n = Math.multiplyExact(n, values.size());
        }
        this.combinations = n;
        if (Math.multiplyExact(n, replications) > MAX_POINTS) {
            throw new ConfigException("axes", String.format(java.util.Locale.ROOT, "%,d points (%,d combinations x %d replications): more than one sweep runs (%,d);"
                    + " split it or narrow the axes", n * replications, n, replications, MAX_POINTS));
        }
        placeholders(m.get("experiment"));
        // validate every combination up front (a typo must not surface halfway through); replications
        // differ only in their seed, so one build per combination
        List<String> bad = new ArrayList<>();
        this.cpus = new int[(int) combinations];
        for (long c = 0; c < combinations && bad.size() < 20; c++) {
            Point p = point(c * replications);
            try {
                cpus[(int) c] = build(p).machine().cpus();
            } catch (ConfigException e) {
                e.problems().forEach(x -> bad.add("combination " + p.axes() + ": " + x));
            }
        }
        if (!bad.isEmpty()) {
            throw new ConfigException(bad); // every bad value, not the first (up to 20 lines)
        }
    }

    /** Every ${name} of the experiment must be an axis: one line per unknown name. */
    private void placeholders(Object o) {
        java.util.TreeSet<String> unknown = new java.util.TreeSet<>();
        collect(o, unknown);
        unknown.removeAll(axes.keySet());
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.stream().map(u -> "experiment: ${" + u + "} is not an axis (axes: " + String.join(", ", axes.keySet()) + ")").toList());
        }
    }

    private static void collect(Object o, java.util.Set<String> names) {
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, names));
        } else if (o instanceof List<?> l) {
            l.forEach(v -> collect(v, names));
        } else if (o instanceof String s) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\$\\{([^}]*)}").matcher(s);
            while (x.find()) {
                names.add(x.group(1));
            }
        }
    }

    /** The most points one sweep may have: each is a simulation, and their list is kept in memory. */
    public static final long MAX_POINTS = 100_000;

    /** The CPUs of point {@code i}'s machine. */
    int cpusOf(int i) {
        return cpus[i / replications];
    }

    /** Every point, in order (axes varying last-first, replications innermost), made on demand. */
    List<Point> points() {
        int size = size();
        return new java.util.AbstractList<>() {
            @Override
            public Point get(int i) {
                return point(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Point {@code i}: its combination in mixed radix over the axes (the last axis fastest), then its replication. */
    Point point(long i) {
        long combo = i / replications;
        int rep = (int) (i % replications);
        List<String> names = new ArrayList<>(axes.keySet());
        Object[] values = new Object[names.size()];
        for (int a = names.size() - 1; a >= 0; a--) {
            List<Object> v = axes.get(names.get(a));
            values[a] = v.get((int) (combo % v.size()));
            combo /= v.size();
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (int a = 0; a < names.size(); a++) {
            c.put(names.get(a), values[a]);
        }
        return new Point(c, seed + rep);
    }

    /** The experiment of one point: axis values set at their field paths and substituted for ${name}. */
    ExperimentFile build(Point p) {
        return ExperimentFile.fromMap(tree(p), dir);
    }

    /**
     * The point's experiment as a self-contained document: a machine file is inlined (an executor on
     * another machine has no copy of it).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> portableTree(Point p) {
        Map<String, Object> t = tree(p);
        if (t.get("machine") instanceof String s && !numasim.topology.MachineSpecs.PRESETS.contains(s) && Files.exists(dir.resolve(s))) {
            t.put("machine", numasim.topology.MachineSpecs.resolvedDocument(dir.resolve(s).toString()));
        }
        return t;
    }

    /**
     * The name a point's finished run is kept under: its axes and seed, readable, and a hash of the
     * fully resolved experiment (machine documents with their presets merged in, kernel, host, workload
     * and its arguments) and numasim's version, so that a changed sweep file or preset never reuses a
     * stale run on resume.
     */
    String runKey(Point p) {
        Map<String, Object> t = portableTree(p);
        Object m = t.get("machine");
        if (m instanceof String s && numasim.topology.MachineSpecs.PRESETS.contains(s)) {
            t.put("machine", numasim.topology.MachineSpecs.resolvedDocument(s));
        } else if (m instanceof Map<?, ?> mm && mm.get("inherit") instanceof String base) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("inherit", numasim.topology.MachineSpecs.resolvedDocument(base));
            both.put("over", mm);
            t.put("machine", both);
        }
        String doc = numasim.results.MetricsJson.toJson(t) + "numasim " + Provenance.VERSION;
        String hash = com.google.common.hash.Hashing.sha256().hashString(doc, java.nio.charset.StandardCharsets.UTF_8).toString().substring(0, 12);
        return p.id() + "," + hash;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(Point p) {
        Map<String, Object> tree = (Map<String, Object>) substitute(YamlDocs.deepCopy(experiment), p.axes());
        for (Map.Entry<String, Object> a : p.axes().entrySet()) {
            if (a.getKey().contains(".") || List.of("kernel", "machine", "replications", "seed").contains(a.getKey())) {
                setPath(tree, a.getKey(), a.getValue());
            }
        }
        tree.put("seed", (int) p.seed());
        tree.put("replications", 1);
        tree.remove("output");
        return tree;
    }

    @SuppressWarnings("unchecked")
    private static Object substitute(Object o, Map<String, Object> values) {
        if (o instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).replaceAll((k, v) -> substitute(v, values));
            return m;
        }
        if (o instanceof List<?> l) {
            ((List<Object>) l).replaceAll(v -> substitute(v, values));
            return l;
        }
        if (o instanceof String s && s.contains("${")) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                String whole = "${" + e.getKey() + "}";
                if (s.equals(whole)) {
                    return e.getValue(); // a field that is only a placeholder takes the value's type
                }
                s = s.replace(whole, String.valueOf(e.getValue()));
            }
            return s;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void setPath(Map<String, Object> tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (i == 0 && parts[0].equals("machine") && next instanceof String preset) {
                // machine.topology.sockets on "machine: two-node-test": the preset, changed there
                Map<String, Object> inherit = new LinkedHashMap<>();
                inherit.put("inherit", preset);
                next = inherit;
                cur.put(parts[i], next);
            }
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        cur.put(parts[parts.length - 1], value);
    }

    public Path output() {
        return output;
    }

    public int size() {
        return (int) (combinations * replications);
    }
}
