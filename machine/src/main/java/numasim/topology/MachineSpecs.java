package numasim.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * Loads machine presets (shipped as YAML resources) and user machine files with the same fields. A file
 * may start from a preset with {@code inherit: <preset>} and override any field. Validation reports every
 * problem at once, each naming its field.
 */
public final class MachineSpecs {
    public static final List<String> PRESETS = List.of("x86-kvm-16", "power8-80", "skylake-4s-192", "two-node-test", "two-node-guest", "two-node-pmem");

    private static final Set<String> TOP = Set.of("name", "description", "guest", "inherit", "topology", "memory", "costs");
    private static final Set<String> TOPOLOGY = Set.of("sockets", "cores_per_socket", "threads_per_core", "nodes_per_socket",
            "memory_per_node", "cpu_numbering", "distances");
    private static final Set<String> MEMORY = Set.of("page_size", "max_order", "pageblock_order", "dma32", "zone_dma", "lowmem", "device_memory", "pcp_batch", "pcp_high", "tlb_flush", "fault_around_bytes");

    private MachineSpecs() {
    }

    /** A preset name, or the path of a machine file. */
    public static MachineSpec load(String nameOrPath) {
        Map<String, Object> doc = document(nameOrPath);
        return parse(doc, nameOrPath);
    }

    /**
     * A machine given inline (an experiment file's {@code machine:} mapping): the same fields as a machine
     * file, {@code inherit:} included; problems are reported under {@code prefix}.
     */
    public static MachineSpec fromMap(Map<String, Object> doc, String prefix) {
        Map<String, Object> d = doc;
        Object inherit = doc.get("inherit");
        if (inherit != null) {
            if (!PRESETS.contains(String.valueOf(inherit))) {
                throw new ConfigException(prefix + "inherit", "unknown preset '" + inherit + "' (presets: " + String.join(", ", PRESETS) + ")");
            }
            d = merge(document(String.valueOf(inherit)), doc);
        }
        try {
            return parse(d, String.valueOf(d.getOrDefault("name", "inline")));
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> prefix + p).toList());
        }
    }

    public static String presetDescription(String name) {
        return String.valueOf(document(name).get("description"));
    }

    static Map<String, Object> document(String nameOrPath) {
        if (PRESETS.contains(nameOrPath)) {
            try (InputStream in = MachineSpecs.class.getResourceAsStream("/presets/" + nameOrPath + ".yaml")) {
                return YamlDocs.mapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), "machine", nameOrPath);
            } catch (IOException e) {
                throw new IllegalStateException("preset resource missing: " + nameOrPath, e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new ConfigException("machine", "unknown preset or file '" + nameOrPath + "' (presets: " + String.join(", ", PRESETS) + ")");
        }
        try {
            Map<String, Object> doc = YamlDocs.mapping(Files.readString(p), "machine", nameOrPath);
            Object inherit = doc.get("inherit");
            if (inherit != null) {
                if (!PRESETS.contains(String.valueOf(inherit))) {
                    throw new ConfigException("inherit", "unknown preset '" + inherit + "' (presets: " + String.join(", ", PRESETS) + ")");
                }
                Map<String, Object> base = document(String.valueOf(inherit));
                doc = merge(base, doc);
            }
            return doc;
        } catch (IOException e) {
            throw new ConfigException("machine", "cannot read " + nameOrPath + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            if (v instanceof Map && out.get(k) instanceof Map) {
                out.put(k, merge((Map<String, Object>) out.get(k), (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        out.remove("inherit");
        return out;
    }

    /** Builds a spec, collecting every problem before failing. */
    public static MachineSpec parse(Map<String, Object> doc, String origin) {
        Fields f = new Fields();
        f.unknown("", doc, TOP);
        String name = f.string(doc, "name", origin);
        String description = f.string(doc, "description", "");
        boolean guest = f.bool(doc, "guest", false);
        Map<String, Object> topo = f.map(doc, "topology");
        Map<String, Object> mem = f.map(doc, "memory");
        Map<String, Object> costsDoc = f.map(doc, "costs");
        f.unknown("topology.", topo, TOPOLOGY);
        f.unknown("memory.", mem, MEMORY);

        int sockets = f.positiveInt(topo, "topology.sockets", null);
        int cores = f.positiveInt(topo, "topology.cores_per_socket", null);
        int threads = f.positiveInt(topo, "topology.threads_per_core", null);
        int nodesPerSocket = f.positiveInt(topo, "topology.nodes_per_socket", 1);
        long memPerNode = f.size(topo, "topology.memory_per_node", null);
        String numbering = f.string(topo, "topology.cpu_numbering", "smt-last");
        if (!numbering.equals("smt-last") && !numbering.equals("smt-consecutive")) {
            f.problem("topology.cpu_numbering", "must be smt-last or smt-consecutive, got '" + numbering + "'");
        }
        long pageSize = f.size(mem, "memory.page_size", 4096L);
        if (pageSize > 0 && Long.bitCount(pageSize) != 1) {
            f.problem("memory.page_size", "must be a power of two, got " + pageSize);
        }
        int maxOrder = f.positiveInt(mem, "memory.max_order", 11);
        int pageblockOrder = f.intField(mem, "memory.pageblock_order", 9);
        if (maxOrder > 0 && (pageblockOrder < 0 || pageblockOrder >= maxOrder)) {
            f.problem("memory.pageblock_order", "must be in 0..max_order-1, got " + pageblockOrder);
        }
        boolean dma32 = f.bool(mem, "memory.dma32", false);
        boolean zoneDma = f.bool(mem, "memory.zone_dma", false);
        long lowmem = f.size(mem, "memory.lowmem", 4L << 30);
        long deviceMemory = mem.get("device_memory") == null ? 0 : f.size(mem, "memory.device_memory", 0L);
        if (lowmem > (4L << 30)) {
            f.problem("memory.lowmem", "RAM below 4 GiB cannot exceed 4G, got " + Sizes.format(lowmem));
        }
        int pcpBatch = f.positiveInt(mem, "memory.pcp_batch", 31);
        int pcpHigh = f.positiveInt(mem, "memory.pcp_high", 186);
        if (pcpBatch > 0 && pcpHigh > 0 && pcpHigh < pcpBatch) {
            f.problem("memory.pcp_high", "must be at least pcp_batch (" + pcpBatch + "), got " + pcpHigh);
        }
        if (memPerNode > 0 && pageSize > 0 && maxOrder > 0 && memPerNode < (pageSize << (maxOrder - 1))) {
            f.problem("topology.memory_per_node", "smaller than one MAX_ORDER block (" + Sizes.format(pageSize << (maxOrder - 1)) + ")");
        }
        String tlbFlush = f.string(mem, "memory.tlb_flush", "ipi");
        if (!tlbFlush.equals("ipi") && !tlbFlush.equals("broadcast")) {
            f.problem("memory.tlb_flush", "must be ipi or broadcast, got '" + tlbFlush + "'");
        }
        long faultAround = f.size(mem, "memory.fault_around_bytes", 65536L);
        if (faultAround > 0 && Long.bitCount(faultAround) != 1) {
            f.problem("memory.fault_around_bytes", "must be a power of two, got " + faultAround);
        }
        int nodes = sockets * nodesPerSocket;
        int[][] distances = f.distances(topo, nodes);
        Costs costs = f.costs(costsDoc, threads);
        f.throwIfAny();
        return new MachineSpec(name, description, guest, sockets, cores, threads, nodesPerSocket, memPerNode, numbering,
                distances, pageSize, maxOrder, pageblockOrder, dma32, zoneDma, lowmem, deviceMemory, pcpBatch, pcpHigh, tlbFlush,
                faultAround, costs);
    }

    /** Collects problems while reading typed fields. */
    private static final class Fields {
        final List<String> problems = new ArrayList<>();

        void problem(String field, String what) {
            problems.add(field + ": " + what);
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        void unknown(String prefix, Map<String, Object> m, Set<String> known) {
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    problem(prefix + k, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        private static Object get(Map<String, Object> m, String path) {
            return m.get(path.substring(path.lastIndexOf('.') + 1));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Map<String, Object> m, String key) {
            Object o = m.get(key);
            if (o == null) {
                problem(key, "missing");
                return Map.of();
            }
            if (!(o instanceof Map)) {
                problem(key, "must be a mapping");
                return Map.of();
            }
            return (Map<String, Object>) o;
        }

        String string(Map<String, Object> m, String path, String dflt) {
            Object o = get(m, path);
            return o == null ? dflt : String.valueOf(o);
        }

        boolean bool(Map<String, Object> m, String path, boolean dflt) {
            Object o = get(m, path);
            if (o == null) {
                return dflt;
            }
            if (o instanceof Boolean b) {
                return b;
            }
            problem(path, "must be true or false, got '" + o + "'");
            return dflt;
        }

        int intField(Map<String, Object> m, String path, Integer dflt) {
            Object o = get(m, path);
            if (o == null) {
                if (dflt == null) {
                    problem(path, "missing");
                    return 0;
                }
                return dflt;
            }
            if (o instanceof Integer i) {
                return i;
            }
            problem(path, "must be a whole number, got '" + o + "'");
            return 0;
        }

        int positiveInt(Map<String, Object> m, String path, Integer dflt) {
            int v = intField(m, path, dflt);
            if (v <= 0 && get(m, path) != null && get(m, path) instanceof Integer) {
                problem(path, "must be at least 1, got " + v);
            }
            return v;
        }

        long size(Map<String, Object> m, String path, Long dflt) {
            Object o = get(m, path);
            if (o == null) {
                if (dflt == null) {
                    problem(path, "missing");
                    return 0;
                }
                return dflt;
            }
            try {
                long v = Sizes.parse(path, o);
                if (v <= 0) {
                    problem(path, "must be positive, got " + o);
                }
                return v;
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return 0;
            }
        }

        int[][] distances(Map<String, Object> topo, int nodes) {
            Object o = topo.get("distances");
            int[][] d = new int[Math.max(nodes, 0)][Math.max(nodes, 0)];
            if (o == null) {
                for (int i = 0; i < nodes; i++) {
                    for (int j = 0; j < nodes; j++) {
                        d[i][j] = i == j ? 10 : 21;
                    }
                }
                return d;
            }
            if (!(o instanceof List<?> rows) || rows.size() != nodes) {
                problem("topology.distances", "must be a " + nodes + " x " + nodes + " matrix (one row per node)");
                return d;
            }
            for (int i = 0; i < nodes; i++) {
                if (!(rows.get(i) instanceof List<?> row) || row.size() != nodes) {
                    problem("topology.distances[" + i + "]", "must have " + nodes + " entries");
                    continue;
                }
                for (int j = 0; j < nodes; j++) {
                    if (!(row.get(j) instanceof Integer v) || v < 10 || (i == j) != (v == 10)) {
                        problem("topology.distances[" + i + "][" + j + "]", "must be 10 on the diagonal and above 10 elsewhere, got " + row.get(j));
                        continue;
                    }
                    d[i][j] = v;
                }
            }
            return d;
        }

        Costs costs(Map<String, Object> doc, int threadsPerCore) {
            EnumMap<Cost, Double> values = new EnumMap<>(Cost.class);
            EnumMap<Cost, String> sources = new EnumMap<>(Cost.class);
            EnumMap<Cost, double[]> ranges = new EnumMap<>(Cost.class);
            List<Double> smt = new ArrayList<>();
            for (String k : doc.keySet()) {
                if (Cost.byKey(k) == null) {
                    problem("costs." + k, "unknown cost parameter");
                }
            }
            for (Cost c : Cost.values()) {
                String path = "costs." + c.key;
                Object o = doc.get(c.key);
                if (o == null) {
                    problem(path, "missing (" + c.doc + ", in " + c.unit.label + ")");
                    continue;
                }
                Object value = o;
                if (o instanceof Map<?, ?> m) {
                    value = m.get("value");
                    Object src = m.get("source");
                    if (src == null || String.valueOf(src).isBlank()) {
                        problem(path + ".source", "missing: every cost names where it comes from");
                    } else {
                        sources.put(c, String.valueOf(src));
                    }
                    for (Object k : m.keySet()) {
                        if (!"value".equals(k) && !"source".equals(k) && !"range".equals(k)) {
                            problem(path + "." + k, "unknown field (known: range, source, value)");
                        }
                    }
                    Object range = m.get("range");
                    if (range != null) {
                        if (range instanceof List<?> r && r.size() == 2 && r.get(0) instanceof Number a && r.get(1) instanceof Number b
                                && value instanceof Number v && a.doubleValue() <= v.doubleValue() && v.doubleValue() <= b.doubleValue()
                                && a.doubleValue() >= 0) {
                            ranges.put(c, new double[] {a.doubleValue(), b.doubleValue()});
                        } else {
                            problem(path + ".range", "must be [low, high] with 0 <= low <= value <= high");
                        }
                    }
                } else {
                    problem(path, "must be {value: ..., source: ...}");
                    continue;
                }
                if (c.unit == Cost.Unit.LIST) {
                    if (!(value instanceof List<?> l) || l.size() != threadsPerCore) {
                        problem(path + ".value", "must list " + threadsPerCore + " numbers, one per busy hardware thread count");
                        continue;
                    }
                    for (Object x : l) {
                        if (!(x instanceof Number n) || n.doubleValue() <= 0) {
                            problem(path + ".value", "entries must be positive numbers, got " + x);
                        } else {
                            smt.add(n.doubleValue());
                        }
                    }
                    values.put(c, (double) smt.size());
                    continue;
                }
                if (!(value instanceof Number n)) {
                    problem(path + ".value", "must be a number, got '" + value + "'");
                    continue;
                }
                double v = n.doubleValue();
                boolean positiveOnly = c.unit == Cost.Unit.GHZ || c.unit == Cost.Unit.GBPS || c.unit == Cost.Unit.COUNT;
                if (v < 0 || (positiveOnly && v <= 0)) {
                    problem(path + ".value", "must be " + (positiveOnly ? "positive" : "non-negative") + ", got " + v);
                    continue;
                }
                values.put(c, v);
            }
            if (values.size() != Cost.values().length || !problems.isEmpty()) {
                return null;
            }
            return new Costs(values, sources, smt, ranges);
        }
    }
}
