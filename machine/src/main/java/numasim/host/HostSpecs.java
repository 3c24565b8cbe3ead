package numasim.host;

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

/** Host presets ({@code host-64g}, {@code host-15g}) and host files, validated field by field. */
public final class HostSpecs {
    public static final List<String> PRESETS = List.of("host-64g", "host-15g");
    private static final Set<String> TOP = Set.of("name", "description", "memory", "overcommit", "thp", "balloon_inhibited", "virtqueue_size", "costs");
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
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("host", "unknown host preset or file '" + nameOrPath + "' (presets: " + String.join(", ", PRESETS) + ")");
            }
            try {
                doc = YamlDocs.mapping(Files.readString(p), "host", nameOrPath);
            } catch (IOException e) {
                throw new ConfigException("host", "cannot read " + nameOrPath + ": " + e.getMessage());
            }
        }
        return parse(doc, nameOrPath);
    }

    @SuppressWarnings("unchecked")
    static HostSpec parse(Map<String, Object> doc, String origin) {
        List<String> problems = new ArrayList<>();
        for (String k : doc.keySet()) {
            if (!TOP.contains(k)) {
                problems.add("host." + k + ": unknown field (known: " + String.join(", ", TOP.stream().sorted().toList()) + ")");
            }
        }
        String name = String.valueOf(doc.getOrDefault("name", origin));
        String description = String.valueOf(doc.getOrDefault("description", ""));
        long memory = 0;
        if (doc.get("memory") == null) {
            problems.add("host.memory: missing");
        } else {
            try {
                memory = Sizes.parse("host.memory", doc.get("memory"));
                if (memory <= 0) {
                    problems.add("host.memory: must be positive, got " + doc.get("memory"));
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems().stream().map(p -> "host." + p).toList());
            }
        }
        boolean overcommit = bool(doc, "overcommit", false, problems);
        boolean thp = bool(doc, "thp", false, problems);
        boolean inhibited = bool(doc, "balloon_inhibited", false, problems);
        int vq = 32;
        Object v = doc.get("virtqueue_size");
        if (v != null) {
            if (v instanceof Integer i && i > 0 && Integer.bitCount(i) == 1) {
                vq = i;
            } else {
                problems.add("host.virtqueue_size: must be a power of two of at least 1, got '" + v + "'");
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Object c = doc.get("costs");
        Map<String, Object> costs = c instanceof Map ? (Map<String, Object>) c : Map.of();
        if (!(c instanceof Map)) {
            problems.add("host.costs: missing or not a mapping");
        }
        for (String k : costs.keySet()) {
            if (!COSTS.containsKey(k)) {
                problems.add("host.costs." + k + ": unknown cost (known: " + String.join(", ", COSTS.keySet()) + ")");
            }
        }
        for (String k : COSTS.keySet()) {
            Object e = costs.get(k);
            if (e == null) {
                if (c instanceof Map) {
                    problems.add("host.costs." + k + ": missing (" + COSTS.get(k) + ")");
                }
                continue;
            }
            if (!(e instanceof Map) || !(((Map<String, Object>) e).get("value") instanceof Number n) || n.doubleValue() < 0) {
                problems.add("host.costs." + k + ": must be {value: <non-negative number>, source: \"...\"}");
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) e;
            values.put(k, ((Number) m.get("value")).doubleValue());
            Object src = m.get("source");
            if (src == null || String.valueOf(src).isBlank()) {
                problems.add("host.costs." + k + ".source: missing (every cost names where it comes from)");
            }
            sources.put(k, String.valueOf(src));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new HostSpec(name, description, memory, overcommit, thp, inhibited, vq, values.get("ept_fault"), values.get("ept_fault_2m"),
                values.get("notify"), values.get("discard_range"), values.get("discard_page"), values.get("swap_out"), values.get("swap_in"), sources);
    }

    private static boolean bool(Map<String, Object> doc, String key, boolean dflt, List<String> problems) {
        Object o = doc.get(key);
        if (o == null) {
            return dflt;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        problems.add("host." + key + ": must be true or false, got '" + o + "'");
        return dflt;
    }

    public static String presetDescription(String name) {
        return load(name).description();
    }
}
