package numasim.kernel;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import numasim.topology.ConfigException;

/**
 * The kernel variant of a run, as a comma-separated feature list ({@code --kernel base}). {@code base} is
 * the unmodified kernel; features that later issues add (spf, thp, hinting=...) combine with commas.
 */
public record KernelFeatures(Set<String> features) {
    public static final List<String> KNOWN = List.of("base");

    public static KernelFeatures parse(String spec) {
        Set<String> f = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(p)) {
                throw new ConfigException("kernel", "unknown kernel feature '" + p + "' (known: " + String.join(", ", KNOWN) + ")");
            }
            f.add(p);
        }
        if (f.isEmpty()) {
            throw new ConfigException("kernel", "no kernel feature given (known: " + String.join(", ", KNOWN) + ")");
        }
        return new KernelFeatures(f);
    }

    public boolean has(String feature) {
        return features.contains(feature);
    }

    @Override
    public String toString() {
        return String.join(",", features);
    }
}
