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
    public static final List<String> KNOWN = List.of("base", "spf", "thp");

    /** One line of help per feature. */
    public static String describe(String feature) {
        return switch (feature) {
            case "base" -> "the unmodified kernel (4.17 era): page faults under mmap_sem";
            case "spf" -> "speculative page faults (SPF series v11): anonymous faults without mmap_sem in multi-threaded mms";
            case "thp" -> "transparent huge pages enabled=always: anonymous write faults map a PMD-sized page when it fits";
            default -> "";
        };
    }

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
        if (f.contains("base") && f.size() > 1) {
            f.remove("base"); // "base" adds nothing to other features
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
