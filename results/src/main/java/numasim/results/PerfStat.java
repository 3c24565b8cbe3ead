package numasim.results;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders kernel counters the way {@code perf stat} prints software events. */
public final class PerfStat {
    /** One printed line: a value, its event name and an optional comment. */
    public record Line(String event, double value, boolean integral, String comment) {
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
