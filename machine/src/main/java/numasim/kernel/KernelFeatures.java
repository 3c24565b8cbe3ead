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
    public static final List<String> KNOWN = List.of("base", "spf", "thp", "hinting=VARIANT", "hinting_order=N");
    /** Free page hinting variants: the seed's bitmap (v10), the same with its NUMA fix, 5.7's free page reporting. */
    public static final List<String> HINTING = List.of("none", "bitmap-v10", "bitmap-numa", "reporting");

    /** One line of help per feature. */
    public static String describe(String feature) {
        return switch (feature) {
            case "base" -> "the unmodified kernel (4.17 era): page faults under mmap_sem";
            case "spf" -> "speculative page faults (SPF series v11): anonymous faults without mmap_sem in multi-threaded mms";
            case "thp" -> "transparent huge pages enabled=always: anonymous write faults map a PMD-sized page when it fits";
            case "hinting=VARIANT" -> "free page hinting to the host: none, bitmap-v10 (the seed, bitmaps indexed by zone number only), bitmap-numa (indexed by node x zone), reporting (free page reporting, Linux 5.7)";
            case "hinting_order=N" -> "smallest order hinted (default MAX_ORDER-2 for the bitmaps, pageblock_order for reporting)";
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
            int eq = p.indexOf('=');
            if (eq > 0) {
                String key = p.substring(0, eq);
                String value = p.substring(eq + 1);
                if (key.equals("hinting")) {
                    if (!HINTING.contains(value)) {
                        throw new ConfigException("kernel", "unknown hinting variant '" + value + "' (known: " + String.join(", ", HINTING) + ")");
                    }
                } else if (key.equals("hinting_order")) {
                    if (!value.matches("\\d{1,2}")) {
                        throw new ConfigException("kernel", "hinting_order must be a whole number, got '" + value + "'");
                    }
                } else {
                    throw new ConfigException("kernel", "unknown kernel setting '" + key + "' (known: hinting=VARIANT, hinting_order=N)");
                }
                final String k = key;
                f.removeIf(x -> x.startsWith(k + "="));
            } else if (!KNOWN.contains(p)) {
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

    /** The value of a {@code key=value} setting, or {@code dflt}. */
    public String value(String key, String dflt) {
        for (String f : features) {
            if (f.startsWith(key + "=")) {
                return f.substring(key.length() + 1);
            }
        }
        return dflt;
    }

    /** The free page hinting variant ({@code none} unless hinting= is given). */
    public String hinting() {
        return value("hinting", "none");
    }

    @Override
    public String toString() {
        return String.join(",", features);
    }
}
