package numasim.topology;

import java.util.Locale;

/** Parses sizes such as {@code 4K}, {@code 64KiB}, {@code 16G}, {@code 768GB} (powers of two). */
public final class Sizes {
    private Sizes() {
    }

    public static long parse(String field, Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String s = String.valueOf(value).trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long mult = 1;
        if (!s.isEmpty()) {
            char u = s.charAt(s.length() - 1);
            int shift = switch (u) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> -1;
            };
            if (shift >= 0) {
                mult = 1L << shift;
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (v < 0) {
                throw new ConfigException(field, "must not be negative, got " + value);
            }
            return (long) (v * mult);
        } catch (NumberFormatException e) {
            throw new ConfigException(field, "not a size (use e.g. 4K, 512M, 16G): " + value);
        }
    }

    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        double v = bytes;
        while (v >= 1024 && i < units.length - 1 && v % 1024 == 0) {
            v /= 1024;
            i++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[i];
    }
}
