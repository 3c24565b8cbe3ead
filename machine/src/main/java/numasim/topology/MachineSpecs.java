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


/**
 * Loads machine presets (shipped as YAML resources) and user machine files with the same fields. A file
 * may start from a preset with {@code inherit: <preset>} and override any field. Validation reports every
 * problem at once, each naming its field.
 */
public final class MachineSpecs {
    public static final List<String> PRESETS = List.of("x86-kvm-16", "power8-80", "skylake-4s-192", "two-node-test", "two-node-guest", "two-node-pmem");

    /** A machine's topology. */
    static final Schema TOPOLOGY = Schema.of("topology", "sockets, cores, hardware threads and NUMA nodes")
            .integer("sockets", null, 1, 64, "sockets")
            .integer("cores_per_socket", null, 1, 1024, "cores per socket")
            .integer("threads_per_core", null, 1, 8, "hardware threads per core (SMT)")
            .integer("nodes_per_socket", 1, 1, 16, "NUMA nodes per socket")
            .size("memory_per_node", null, "memory of each node (16G, 4096M, ...)")
            .choice("cpu_numbering", "smt-last", List.of("smt-last", "smt-consecutive"), "how CPU numbers map to hardware threads")
            .list("distances", false, "the ACPI SLIT matrix, one row per node (10 on the diagonal)");

    /** A machine's memory and MMU. */
    static final Schema MEMORY = Schema.of("memory", "page size, buddy allocator, per-CPU lists, zones, TLB flushing")
            .size("page_size", 4096L, "base page size")
            .integer("max_order", 11, 1, 20, "MAX_ORDER: buddy orders 0..MAX_ORDER-1")
            .integer("pageblock_order", 9, 0, 19, "pageblock_order (below max_order)")
            .bool("dma32", false, "ZONE_DMA32 below 4 GiB on node 0 (x86)")
            .bool("zone_dma", false, "ZONE_DMA (16 MiB) first on node 0")
            .size("lowmem", 4L << 30, "where ZONE_NORMAL starts on node 0 (at most 4G)")
            .optionalSize("device_memory", "a memory-only node of persistent memory (ZONE_DEVICE) for DAX")
            .integer("pcp_batch", 31, 1, 1 << 16, "per-CPU list batch")
            .integer("pcp_high", 186, 1, 1 << 20, "per-CPU list high mark")
            .choice("tlb_flush", "ipi", List.of("ipi", "broadcast"), "TLB shootdown by IPIs (x86) or broadcast invalidation (POWER tlbie)")
            .size("fault_around_bytes", 65536L, "fault_around_bytes");

    /** Every cost parameter: {value, source}, its physical range, and optionally a spread. */
    static final Schema COSTS = costsSchema();

    private static Schema costsSchema() {
        Schema s = Schema.of("costs", "every physical cost parameter, each with its value and source").open();
        return s;
    }

    /** One cost entry. */
    static final Schema COST = CostEntry.fields(Schema.of("cost", "a cost's value and where it comes from")
            .any("value", true, "the value, in the parameter's unit")
            .string("source", null, "where the value comes from: machines.md: ..., assumed: ..., calibrated: <table>, measured: ..."));

    /** A machine file or preset. */
    public static final Schema MACHINE = Schema.of("machine", "a machine preset or file (machine/src/main/resources/presets/*.yaml)")
            .optionalString("name", "the machine's name")
            .string("description", "", "one line saying what it is")
            .bool("guest", false, "a KVM guest (free page hinting needs one)")
            .optionalString("inherit", "a preset this file starts from (any field may be overridden)")
            .map("topology", TOPOLOGY, true, "the topology")
            .map("memory", MEMORY, true, "memory and MMU")
            .map("costs", COSTS, true, "every cost parameter")
            .map("kvm", Schema.of("kvm", "the paravirtual features of a KVM guest and its host (guest: true only)")
                    .bool("pv_ipi", false, "one hypercall sends an IPI to many vCPUs (Linux 4.19+ guests); otherwise an exit per destination")
                    .bool("posted_interrupts", true, "APICv posted interrupts: a running vCPU takes an interrupt without an exit")
                    .bool("pv_tlb_flush", false, "TLB shootdowns skip vCPUs the host has scheduled out (Linux 4.16+; needs steal_time)")
                    .bool("steal_time", false, "the guest charges time it was runnable but not running to steal, not to the running task"),
                    false, "paravirtual features (guest: true only)");

    private MachineSpecs() {
    }

    /**
     * The JSON Schema of machine files for editors: the declared fields, every cost by name with its
     * unit, and topology/memory/costs required only of a file that does not inherit a preset.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonSchema() {
        Map<String, Object> s = MACHINE.jsonSchema();
        Map<String, Object> props = (Map<String, Object>) s.get("properties");
        Map<String, Object> costs = (Map<String, Object>) props.get("costs");
        Map<String, Object> each = new java.util.LinkedHashMap<>();
        for (Cost c : Cost.values()) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>(COST.jsonSchema());
            entry.remove("$schema");
            entry.put("title", c.key);
            entry.put("description", c.doc + " (" + c.unit.label + ")");
            each.put(c.key, entry);
        }
        costs.put("properties", each);
        costs.put("additionalProperties", false);
        Object required = s.remove("required");
        if (required != null) {
            s.put("if", Map.of("required", List.of("inherit")));
            s.put("else", Map.of("required", required));
        }
        return s;
    }

    /**
     * What is legal but unusual in a machine: an asymmetric SLIT (firmware may report one; Linux then
     * uses each direction as given, which is rarely what a hand-written file means).
     */
    public static List<String> warnings(MachineSpec m) {
        List<String> w = new ArrayList<>();
        int[][] d = m.distances();
        for (int a = 0; d != null && a < d.length; a++) {
            for (int b = a + 1; b < d.length; b++) {
                if (d[a][b] != d[b][a]) {
                    w.add("topology.distances: not symmetric: node " + a + " -> " + b + " is " + d[a][b] + ", " + b + " -> " + a + " is " + d[b][a]
                            + " (each direction is used as given)");
                }
            }
        }
        return w;
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

    /**
     * The document a preset or machine file stands for, {@code inherit:} merged in: what an experiment can
     * carry inline to a machine that does not have the file.
     */
    public static Map<String, Object> resolvedDocument(String nameOrPath) {
        Map<String, Object> d = new LinkedHashMap<>(document(nameOrPath));
        d.remove("inherit");
        d.putIfAbsent("name", nameOrPath);
        return d;
    }

    public static String presetDescription(String name) {
        return String.valueOf(document(name).get("description"));
    }

    static Map<String, Object> document(String nameOrPath) {
        if (PRESETS.contains(nameOrPath)) {
            // parsed once per JVM (a sweep builds every combination on a preset), handed out as copies
            Map<String, Object> preset = YamlDocs.deepCopy(PRESET_DOCS.computeIfAbsent(nameOrPath, n -> {
                try (InputStream in = MachineSpecs.class.getResourceAsStream("/presets/" + n + ".yaml")) {
                    return YamlDocs.mapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), "machine", n);
                } catch (IOException e) {
                    throw new IllegalStateException("preset resource missing: " + n, e);
                }
            }));
            // a preset built on another (the two-node boxes on skylake-4s-192's costs) keeps one copy of them
            Object base = preset.get("inherit");
            if (base != null) {
                if (!PRESETS.contains(String.valueOf(base)) || nameOrPath.equals(String.valueOf(base))) {
                    throw new IllegalStateException("preset " + nameOrPath + " inherits unknown preset " + base);
                }
                preset = merge(document(String.valueOf(base)), preset);
            }
            return preset;
        }
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p)) {
            throw new ConfigException("machine", "unknown preset or file '" + nameOrPath + "' (presets: " + String.join(", ", PRESETS) + ")");
        }
        Map<String, Object> doc = YamlDocs.mapping(YamlDocs.read(p, "machine"), "machine", nameOrPath);
        Object inherit = doc.get("inherit");
        if (inherit != null) {
            if (!PRESETS.contains(String.valueOf(inherit))) {
                throw new ConfigException("inherit", "unknown preset '" + inherit + "' (presets: " + String.join(", ", PRESETS) + ")");
            }
            // a file that changes a preset is not that preset: its own name and a description saying so,
            // unless it gives them
            Map<String, Object> own = new LinkedHashMap<>(doc);
            String stem = p.getFileName().toString().replaceAll("\\.ya?ml$", "");
            own.putIfAbsent("name", stem);
            own.putIfAbsent("description", inherit + " with the changes in " + p.getFileName());
            doc = merge(document(String.valueOf(inherit)), own);
        }
        return doc;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Map<String, Object>> PRESET_DOCS = new java.util.concurrent.ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            if (v instanceof Map && out.get(k) instanceof Map) {
                Map<String, Object> b = new LinkedHashMap<>((Map<String, Object>) out.get(k));
                if (((Map<String, Object>) v).containsKey("value")) {
                    // a new value brings its own source, spread and reason; the physical range stays
                    b.keySet().removeAll(List.of("source", "spread", "out_of_range"));
                }
                out.put(k, merge(b, (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        out.remove("inherit");
        return out;
    }

    /** Builds a spec, collecting every problem before failing. */
    public static MachineSpec parse(Map<String, Object> map, String origin) {
        Schema.Problems problems = new Schema.Problems();
        Schema.Doc doc = MACHINE.read(map, "", problems);
        String name = doc.has("name") ? doc.string("name") : origin;
        String description = doc.string("description");
        boolean guest = doc.bool("guest");
        Schema.Doc topo = doc.map("topology");
        Schema.Doc mem = doc.map("memory");
        int sockets = topo.integer("sockets");
        int cores = topo.integer("cores_per_socket");
        int threads = topo.integer("threads_per_core");
        int nodesPerSocket = topo.integer("nodes_per_socket");
        long memPerNode = topo.size("memory_per_node");
        String numbering = topo.string("cpu_numbering");
        long pageSize = mem.size("page_size");
        if (pageSize > 0 && Long.bitCount(pageSize) != 1) {
            mem.problem("page_size", "must be a power of two, got " + pageSize);
        }
        int maxOrder = mem.integer("max_order");
        int pageblockOrder = mem.integer("pageblock_order");
        if (mem.has("pageblock_order") && pageblockOrder >= maxOrder) {
            mem.problem("pageblock_order", "must be in 0..max_order-1, got " + pageblockOrder);
        }
        boolean dma32 = mem.bool("dma32");
        boolean zoneDma = mem.bool("zone_dma");
        long lowmem = mem.size("lowmem");
        long deviceMemory = mem.size("device_memory");
        if (lowmem > (4L << 30)) {
            mem.problem("lowmem", "RAM below 4 GiB cannot exceed 4G, got " + Sizes.format(lowmem));
        }
        int pcpBatch = mem.integer("pcp_batch");
        int pcpHigh = mem.integer("pcp_high");
        if (pcpHigh < pcpBatch) {
            mem.problem("pcp_high", "must be at least pcp_batch (" + pcpBatch + "), got " + pcpHigh);
        }
        if (memPerNode > 0 && pageSize > 0 && memPerNode < (pageSize << (maxOrder - 1))) {
            topo.problem("memory_per_node", "smaller than one MAX_ORDER block (" + Sizes.format(pageSize << (maxOrder - 1)) + ")");
        }
        String tlbFlush = mem.string("tlb_flush");
        long faultAround = mem.size("fault_around_bytes");
        if (faultAround > 0 && Long.bitCount(faultAround) != 1) {
            mem.problem("fault_around_bytes", "must be a power of two, got " + faultAround);
        }
        int nodes = sockets * nodesPerSocket;
        Fields f = new Fields(problems);
        int[][] distances = f.distances(topo.raw("distances"), nodes);
        Costs costs = f.costs(doc.map("costs"), threads);
        MachineSpec.Kvm kvm = null;
        if (doc.has("kvm")) {
            Schema.Doc k = doc.map("kvm");
            if (!guest) {
                doc.problem("kvm", "only a guest (guest: true) has paravirtual features");
            }
            kvm = new MachineSpec.Kvm(k.bool("pv_ipi"), k.bool("posted_interrupts"), k.bool("pv_tlb_flush"), k.bool("steal_time"));
            if (kvm.pvTlbFlush() && !kvm.stealTime()) {
                k.problem("pv_tlb_flush", "needs steal_time: the preempted flag lives in the steal-time area");
            }
        } else if (guest) {
            kvm = new MachineSpec.Kvm(false, true, false, false);
        }
        problems.throwIfAny();
        return new MachineSpec(name, description, guest, new MachineSpec.Shape(sockets, cores, threads, nodesPerSocket, numbering, distances),
                new MachineSpec.Memory(memPerNode, deviceMemory, new MachineSpec.Zones(dma32, zoneDma, lowmem),
                        new MachineSpec.Buddy(pageSize, maxOrder, pageblockOrder, pcpBatch, pcpHigh), new MachineSpec.Mmu(tlbFlush, faultAround)),
                costs, kvm);
    }

    /** The parts of a machine document a schema cannot say alone: the distance matrix and the cost entries. */
    private static final class Fields {
        private final Schema.Problems problems;

        Fields(Schema.Problems problems) {
            this.problems = problems;
        }

        void problem(String field, String what) {
            problems.add(field, what);
        }

        int[][] distances(Object o, int nodes) {
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

        Costs costs(Schema.Doc costs, int threadsPerCore) {
            Map<String, Object> doc = costs.mapping();
            EnumMap<Cost, Double> values = new EnumMap<>(Cost.class);
            EnumMap<Cost, String> sources = new EnumMap<>(Cost.class);
            EnumMap<Cost, double[]> spreads = new EnumMap<>(Cost.class);
            EnumMap<Cost, CostRange> ranges = new EnumMap<>(Cost.class);
            EnumMap<Cost, String> outOfRange = new EnumMap<>(Cost.class);
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
                if (!(o instanceof Map)) {
                    problem(path, "must be {value: ..., source: ...}");
                    continue;
                }
                Schema.Doc entry = COST.read(o, path + ".", problems);
                Object value = entry.raw("value");
                if (entry.has("source") && !entry.string("source").isBlank()) {
                    sources.put(c, entry.string("source"));
                } else if (entry.has("source")) {
                    problem(path + ".source", "missing: every cost names where it comes from");
                }
                Double comparable = value instanceof Number n ? Double.valueOf(n.doubleValue())
                        : value instanceof List<?> l && !l.isEmpty() && l.get(l.size() - 1) instanceof Number n ? Double.valueOf(n.doubleValue()) : null;
                CostEntry extra = CostEntry.read(entry, comparable);
                if (extra.range() != null) {
                    ranges.put(c, extra.range());
                }
                if (extra.spread() != null) {
                    spreads.put(c, extra.spread());
                }
                if (extra.outOfRange() != null) {
                    outOfRange.put(c, extra.outOfRange());
                }
                if (value == null) {
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
            if (values.size() != Cost.values().length || problems.any()) {
                return null;
            }
            return new Costs(values, sources, smt, spreads, ranges, outOfRange);
        }
    }
}
