package numasim.topology;

import java.util.List;

/**
 * The optional parts of one cost entry beside its value and source, read the same way for machines and
 * hosts: {@code range: [lo, hi]} with {@code range_source} (the physical range), {@code spread: [lo, hi]}
 * (the value varies event by event over it) and {@code out_of_range: "<why>"}.
 */
public record CostEntry(CostRange range, double[] spread, String outOfRange) {
    /** Adds the range, spread and out_of_range fields to a cost entry's schema. */
    public static Schema fields(Schema s) {
        return s.list("range", false, "[low, high]: the physical range of this parameter on hardware of this kind (needs range_source)")
                .optionalString("range_source", "where the range's bounds come from")
                .list("spread", false, "[low, high]: the value varies event by event, drawn uniformly from here (inside the range)")
                .optionalString("out_of_range", "why the value lies outside its physical range (otherwise refused)");
    }

    /**
     * Reads and checks the optional fields of {@code entry} against {@code value} (the comparable number:
     * the value, or the last element of a list); problems go to the entry's document.
     */
    public static CostEntry read(Schema.Doc entry, Double value) {
        CostRange range = null;
        if (entry.has("range")) {
            double[] r = pair(entry, "range");
            if (r != null) {
                if (!entry.has("range_source") || entry.string("range_source").isBlank()) {
                    entry.problem("range_source", "missing: a range names where its bounds come from");
                }
                range = new CostRange(r[0], r[1], entry.has("range_source") ? entry.string("range_source") : "");
            }
        } else if (entry.has("range_source")) {
            entry.problem("range", "missing: range_source is given without a range");
        }
        double[] spread = entry.has("spread") ? pair(entry, "spread") : null;
        String why = entry.has("out_of_range") ? entry.string("out_of_range") : null;
        if (why != null && why.isBlank()) {
            entry.problem("out_of_range", "must say why the value lies outside its range");
        }
        if (value != null && range != null && why == null) {
            if (!range.contains(value)) {
                entry.problem("value", "outside its physical range [" + num(range.lo()) + ", " + num(range.hi()) + "] (" + range.source()
                        + "), got " + num(value) + "; say why with out_of_range: \"...\" if it must be");
            } else if (spread != null && (spread[0] < range.lo() || spread[1] > range.hi())) {
                entry.problem("spread", "must lie inside the range [" + num(range.lo()) + ", " + num(range.hi()) + "]");
            }
        }
        if (value != null && spread != null && (spread[0] > value || value > spread[1])) {
            entry.problem("spread", "must contain the value " + num(value) + ", got [" + num(spread[0]) + ", " + num(spread[1]) + "]");
        }
        return new CostEntry(range, spread, why);
    }

    private static double[] pair(Schema.Doc entry, String field) {
        if (entry.raw(field) instanceof List<?> r && r.size() == 2 && r.get(0) instanceof Number a && r.get(1) instanceof Number b
                && a.doubleValue() >= 0 && a.doubleValue() <= b.doubleValue()) {
            return new double[] {a.doubleValue(), b.doubleValue()};
        }
        entry.problem(field, "must be [low, high] with 0 <= low <= high, got " + entry.raw(field));
        return null;
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
