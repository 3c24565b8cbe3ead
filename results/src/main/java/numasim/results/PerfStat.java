package numasim.results;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders kernel counters the way {@code perf stat} prints software events (to stderr, as perf does). */
public final class PerfStat {
    /** One printed line: a value, its event name and an optional comment. */
    public record Line(String event, double value, boolean integral, String comment) {
    }

    /** A whole block: the command it measured, its context, its lines and the elapsed time. */
    public record Block(String command, String context, List<Line> lines, double elapsedSeconds) {
        /** perf stat's default layout. */
        public String render() {
            return PerfStat.render(command, context, lines, elapsedSeconds);
        }

        /**
         * perf stat -x SEP: one line per event, value, unit, event, run time (ns), % running, and the two
         * (empty) metric fields; no header and no elapsed line, as perf prints it.
         */
        public String csv(String sep) {
            StringBuilder sb = new StringBuilder();
            long runtime = Math.round(elapsedSeconds * 1e9);
            for (Line l : lines) {
                String value = l.integral() ? String.valueOf((long) l.value()) : String.format(Locale.ROOT, "%.3f", l.value());
                String unit = l.event().endsWith("-msec") ? "msec" : "";
                sb.append(String.join(sep, value, unit, l.event(), String.valueOf(runtime), "100.00", "", "")).append('\n');
            }
            return sb.toString();
        }
    }

    private PerfStat() {
    }

    public static String render(String command, String context, List<Line> lines, double elapsedSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n Performance counter stats for '").append(command).append("' (").append(context).append("):\n\n");
        for (Line l : lines) {
            String value = l.integral() ? String.format(Locale.US, "%,d", (long) l.value())
                    : String.format(Locale.US, "%,.3f", l.value());
            String line = String.format(Locale.ROOT, "%18s      %-34s", value, l.event());
            if (l.comment() != null && !l.comment().isEmpty()) {
                line += " # " + l.comment();
            }
            sb.append(line.stripTrailing()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%n%18.9f seconds time elapsed (simulated)%n", elapsedSeconds));
        return sb.toString();
    }

    public static Line count(Map<String, Object> counters, String key, String event, String comment) {
        Object v = counters.get(key);
        double d = v instanceof Number n ? n.doubleValue() : 0;
        return new Line(event, d, !(v instanceof Double), comment);
    }
}
