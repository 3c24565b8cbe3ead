package numasim.workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import numasim.topology.ConfigException;
import numasim.topology.Durations;
import numasim.topology.Sizes;

/** {@code --name value} / {@code --name=value} options of numasim's own programs (memhog, noisy). */
public final class LongOptions {
    private static final String FIELD = "workload.args";
    private final Map<String, String> values = new LinkedHashMap<>();

    public LongOptions(List<String> args, Set<String> known) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new ConfigException(FIELD, "unexpected argument '" + a + "' (options: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!known.contains(name)) {
                throw new ConfigException(FIELD, "unknown option " + name + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException(FIELD, "option " + name + " requires an argument");
            }
            values.put(name, value);
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name) {
        return values.get(name);
    }

    /** A size such as 6G (bytes). */
    public long size(String name, Long dflt) {
        String v = values.get(name);
        if (v == null) {
            if (dflt == null) {
                throw new ConfigException(FIELD, "missing " + name + " (e.g. " + name + " 6G)");
            }
            return dflt;
        }
        long b = Sizes.parse(FIELD + " " + name, v);
        if (b <= 0) {
            throw new ConfigException(FIELD, name + " must be positive, got " + v);
        }
        return b;
    }

    /** A whole number in {@code [min, max]}. */
    public int integer(String name, int dflt, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(FIELD, name + " must be in " + min + ".." + max + ", got " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(FIELD, name + " must be a whole number, got '" + v + "'");
        }
    }

    /** A duration (Durations: 2us, 500ms, 2s; a bare number is seconds), returned in ns. */
    public double seconds(String name, double dfltSeconds) {
        String v = values.get(name);
        return v == null ? dfltSeconds * 1e9 : Durations.parse(FIELD + ": " + name, v, Durations.Unit.S);
    }

    /** A duration whose bare number is in {@code bare}, returned in ns. */
    public double duration(String name, String dflt, Durations.Unit bare) {
        String v = values.get(name);
        return Durations.parse(FIELD + ": " + name, v == null ? dflt : v, bare);
    }
}
