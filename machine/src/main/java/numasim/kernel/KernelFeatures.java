package numasim.kernel;

import java.util.List;
import java.util.TreeSet;

import numasim.topology.ConfigException;

/**
 * The kernel variant of a run: the speculative page fault series, transparent huge pages, the free page
 * hinting variant and the smallest order it hints (null: the variant's default). Written as a
 * comma-separated feature list ({@code --kernel spf,thp}, {@code --kernel hinting=reporting}); {@code base}
 * is the kernel without the SPF series (THP and hinting are its configuration, so {@code base,thp} is
 * fine, while {@code base,spf} contradicts itself).
 */
public record KernelFeatures(boolean spf, boolean thp, Hinting hinting, Integer hintingOrder) {
    public static final List<String> KNOWN = List.of("base", "spf", "thp", "hinting=VARIANT", "hinting_order=N");

    /** Free page hinting: none, the seed's bitmaps (v10), the same with its NUMA fix, 5.7's free page reporting. */
    public enum Hinting {
        NONE("none"), BITMAP_V10("bitmap-v10"), BITMAP_NUMA("bitmap-numa"), REPORTING("reporting");

        public final String variant;

        Hinting(String variant) {
            this.variant = variant;
        }

        static Hinting of(String v) {
            for (Hinting h : values()) {
                if (h.variant.equals(v)) {
                    return h;
                }
            }
            return null;
        }
    }

    /** The variants' names, as --kernel hinting= takes them. */
    public static final List<String> HINTING = List.of("none", "bitmap-v10", "bitmap-numa", "reporting");

    /** The unmodified kernel. */
    public static final KernelFeatures BASE = new KernelFeatures(false, false, Hinting.NONE, null);

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
        boolean base = false;
        boolean spf = false;
        boolean thp = false;
        Hinting hinting = Hinting.NONE;
        Integer order = null;
        int given = 0;
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            given++;
            int eq = p.indexOf('=');
            if (eq > 0) {
                String key = p.substring(0, eq);
                String value = p.substring(eq + 1);
                if (key.equals("hinting")) {
                    hinting = Hinting.of(value);
                    if (hinting == null) {
                        throw new ConfigException("kernel", "unknown hinting variant '" + value + "' (known: " + String.join(", ", HINTING) + ")");
                    }
                } else if (key.equals("hinting_order")) {
                    if (!value.matches("\\d{1,2}")) {
                        throw new ConfigException("kernel", "hinting_order must be a whole number, got '" + value + "'");
                    }
                    order = Integer.parseInt(value);
                } else {
                    throw new ConfigException("kernel", "unknown kernel setting '" + key + "' (known: hinting=VARIANT, hinting_order=N)");
                }
            } else if (p.equals("base")) {
                base = true;
            } else if (p.equals("spf")) {
                spf = true;
            } else if (p.equals("thp")) {
                thp = true;
            } else {
                throw new ConfigException("kernel", "unknown kernel feature '" + p + "' (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        if (given == 0) {
            throw new ConfigException("kernel", "no kernel feature given (known: " + String.join(", ", KNOWN) + ")");
        }
        if (base && spf) {
            throw new ConfigException("kernel", "'" + spec + "': base is the kernel without the SPF series, spf the kernel with it: name one");
        }
        return new KernelFeatures(spf, thp, hinting, order);
    }

    /** The free page hinting variant's name ({@code none} unless hinting= is given). */
    public String hintingVariant() {
        return hinting.variant;
    }

    /** The feature list, sorted, as --kernel takes it ({@code base} for the unmodified kernel). */
    @Override
    public String toString() {
        TreeSet<String> f = new TreeSet<>();
        if (spf) {
            f.add("spf");
        }
        if (thp) {
            f.add("thp");
        }
        if (hinting != Hinting.NONE) {
            f.add("hinting=" + hinting.variant);
        }
        if (hintingOrder != null) {
            f.add("hinting_order=" + hintingOrder);
        }
        return f.isEmpty() ? "base" : String.join(",", f);
    }
}
