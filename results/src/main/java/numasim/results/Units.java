package numasim.results;

/**
 * An axis label for a metric or axis name, with its unit read from the suffix numasim's names carry
 * ({@code _per_s}, {@code _s}, {@code _ms}, {@code _us}, {@code _ns}, {@code _pct}, {@code _mib},
 * {@code _gib}, {@code _ops}): records_per_s is "records (/s)", sys_s "sys (s)".
 */
public final class Units {
    private static final String[][] SUFFIXES = {{"_per_s", "/s"}, {"_pct", "%"}, {"_mib", "MiB"}, {"_gib", "GiB"}, {"_ms", "ms"}, {"_us", "us"},
        {"_ns", "ns"}, {"_s", "s"}};

    private Units() {
    }

    public static String label(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        String prefix = name.substring(0, name.length() - last.length());
        if (last.equals("per_thread_ops") || last.equals("per_process_ops")) {
            return prefix + last.replace('_', ' ') + " (ops/s)";
        }
        for (String[] s : SUFFIXES) {
            if (last.endsWith(s[0]) && last.length() > s[0].length()) {
                return prefix + last.substring(0, last.length() - s[0].length()).replace('_', ' ') + " (" + s[1] + ")";
            }
        }
        return prefix + last.replace('_', ' ');
    }
}
