package numasim.topology;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser for durations given by a user: a number with a unit ({@code 250ns}, {@code 2us},
 * {@code 1.5ms}, {@code 10s}; {@code µs} too). A bare number is in the caller's default unit, so that
 * options documented in seconds ({@code --duration 60}) keep working.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(ns|us|µs|ms|s)?\\s*");

    /** A unit a bare number may be in. */
    public enum Unit {
        NS(1), US(1e3), MS(1e6), S(1e9);

        final double ns;

        Unit(double ns) {
            this.ns = ns;
        }
    }

    private Durations() {
    }

    /** The duration in ns; bad or negative input is a ConfigException naming {@code field}. */
    public static double parse(String field, Object value, Unit bare) {
        if (value instanceof Number n) {
            return check(field, value, n.doubleValue() * bare.ns);
        }
        Matcher m = FORM.matcher(String.valueOf(value));
        if (!m.matches()) {
            throw new ConfigException(field, "not a duration (a number with ns, us, ms or s, e.g. 50us, 1ms, 2s): '" + value + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double mult = m.group(2) == null ? bare.ns : switch (m.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            default -> 1e9;
        };
        return check(field, value, v * mult);
    }

    private static double check(String field, Object value, double ns) {
        if (!(ns >= 0) || Double.isInfinite(ns)) {
            throw new ConfigException(field, "must be a non-negative duration, got '" + value + "'");
        }
        return ns;
    }

    /** A duration as a person writes it: 2us, 1.5ms, 10s. */
    public static String format(double ns) {
        if (ns >= 1e9) {
            return trim(ns / 1e9) + "s";
        } else if (ns >= 1e6) {
            return trim(ns / 1e6) + "ms";
        } else if (ns >= 1e3) {
            return trim(ns / 1e3) + "us";
        }
        return trim(ns) + "ns";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
