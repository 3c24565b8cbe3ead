package numasim.experiments;

import java.util.Locale;

/**
 * How close an emulated figure must come to the published one: within a number of percentage points
 * (a delta), or within a fraction of the published value; and how table.md says whether it does.
 */
record Tolerance(Kind kind, double limit) {
    enum Kind {
        /** |emulated - published| <= limit points. */
        POINTS,
        /** |emulated - published| < limit points. */
        POINTS_BELOW,
        /** |emulated - published| / published <= limit. */
        RELATIVE
    }

    static Tolerance points(double points) {
        return new Tolerance(Kind.POINTS, points);
    }

    static Tolerance pointsBelow(double points) {
        return new Tolerance(Kind.POINTS_BELOW, points);
    }

    static Tolerance relative(double fraction) {
        return new Tolerance(Kind.RELATIVE, fraction);
    }

    boolean met(double emulated, double published) {
        double d = Math.abs(emulated - published);
        return switch (kind) {
            case POINTS -> d <= limit;
            case POINTS_BELOW -> d < limit;
            case RELATIVE -> d / published <= limit;
        };
    }

    /** "yes" or "no". */
    String verdict(double emulated, double published) {
        return met(emulated, published) ? "yes" : "no";
    }

    /** The verdict with the limit: "yes (< 1.5 pts)", "no (beyond 25 %)". */
    String explained(double emulated, double published) {
        boolean ok = met(emulated, published);
        String lim = limit == Math.rint(limit) ? String.format(Locale.ROOT, "%.0f", limit) : String.valueOf(limit);
        return switch (kind) {
            case POINTS -> ok ? "yes (<= " + lim + " pts)" : "no (> " + lim + " pts)";
            case POINTS_BELOW -> ok ? "yes (< " + lim + " pts)" : "no (>= " + lim + " pts)";
            case RELATIVE -> ok ? "yes (within " + Math.round(limit * 100) + " %)" : "no (beyond " + Math.round(limit * 100) + " %)";
        };
    }
}
