package numasim.host;

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

/** Host presets ({@code host-64g}, {@code host-15g}) and host files, validated field by field. */
public final class HostSpecs {
    public static final List<String> PRESETS = List.of("host-64g", "host-15g");
    /** Cost name, and its one-line meaning. */
    static final Map<String, String> COSTS = new LinkedHashMap<>();

    static {
        COSTS.put("ept_fault", "ns: a guest touch of an unbacked 4 KiB page (EPT violation exit, host anonymous fault, zeroing)");
        COSTS.put("ept_fault_2m", "ns: the same backing a whole 2 MiB range with a host huge page (zeroing 2 MiB)");
        COSTS.put("notify", "ns: virtqueue kick to host processing, plus the used-buffer interrupt back");
        COSTS.put("discard_range", "ns: host madvise(MADV_DONTNEED) of one reported range, fixed part");
        COSTS.put("discard_page", "ns: per backed 4 KiB page the discard frees");
        COSTS.put("swap_out", "ns: the host writes one 4 KiB page to swap to make room (direct reclaim)");
        COSTS.put("swap_in", "ns: a guest touch of a page the host swapped out");
    }

    private HostSpecs() {
    }

    public static HostSpec load(String nameOrPath) {
        Map<String, Object> doc;
        if (PRESETS.contains(nameOrPath)) {
            try (InputStream in = HostSpecs.class.getResourceAsStream("/hosts/" + nameOrPath + ".yaml")) {
                doc = YamlDocs.mapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), "host", nameOrPath);
            } catch (IOException e) {
                throw new IllegalStateException("host preset missing: " + nameOrPath, e);
            }
        } else {
            Path p = Path.of(nameOrPath);
            if (!Files.exists(p)) {
                throw new ConfigException("host", "unknown host preset or file '" + nameOrPath + "' (presets: " + String.join(", ", PRESETS) + ")");
            }
            doc = YamlDocs.mapping(YamlDocs.read(p, "host"), "host", nameOrPath);
        }
        return parse(doc, nameOrPath);
    }

    /** One host cost: {value, source}. */
    static final Schema COST = numasim.topology.CostEntry.fields(Schema.of("cost", "a host cost's value (ns) and where it comes from")
            .number("value", null, 0, "the value in ns")
            .string("source", null, "where the value comes from"));

    /** A host preset or file (machine/src/main/resources/hosts/*.yaml). */
    public static final Schema HOST = hostSchema();

    private static Schema hostSchema() {
        Schema costs = Schema.of("costs", "the host's costs, each with its source");
        COSTS.forEach((k, doc) -> costs.map(k, COST, true, doc));
        return Schema.of("host", "the host behind a guest's memory")
                .optionalString("name", "the host's name")
                .string("description", "", "one line saying what it is")
                .size("memory", null, "host memory for guests (64G)")
                .bool("overcommit", false, "guests may together have more memory than the host (the host swaps)")
                .bool("thp", false, "a touch of an unbacked 2 MiB range backs all of it with a host huge page")
                .bool("balloon_inhibited", false, "reports are acknowledged, nothing is discarded")
                .integer("virtqueue_size", 32, 1, 1 << 15, "free page reporting virtqueue entries (a power of two)")
                .map("costs", costs, true, "the host's costs");
    }

    static HostSpec parse(Map<String, Object> map, String origin) {
        Schema.Problems problems = new Schema.Problems();
        Schema.Doc doc = HOST.read(map, "host.", problems);
        int vq = doc.integer("virtqueue_size");
        if (Integer.bitCount(vq) != 1) {
            doc.problem("virtqueue_size", "must be a power of two of at least 1, got '" + vq + "'");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, numasim.topology.CostRange> ranges = new LinkedHashMap<>();
        Schema.Doc costs = doc.map("costs");
        for (String k : COSTS.keySet()) {
            Schema.Doc c = costs.map(k);
            values.put(k, c.number("value"));
            sources.put(k, c.string("source"));
            numasim.topology.CostEntry extra = numasim.topology.CostEntry.read(c, c.has("value") ? c.number("value") : null);
            if (extra.range() != null) {
                ranges.put(k, extra.range());
            }
            if (c.has("source") && c.string("source").isBlank()) {
                c.problem("source", "missing (every cost names where it comes from)");
            }
        }
        problems.throwIfAny();
        return new HostSpec(doc.has("name") ? doc.string("name") : origin, doc.string("description"), doc.size("memory"),
                new HostSpec.Backing(doc.bool("overcommit"), doc.bool("thp"), doc.bool("balloon_inhibited"), vq), new HostSpec.HostCosts(values, sources, ranges));
    }

    public static String presetDescription(String name) {
        return load(name).description();
    }
}
