package numasim.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of a reproduction: compared rows, notes on calibration and settings; writes summary.json and table.csv. */
public final class Summary {
    private final String name;
    private final List<SummaryRow> rows = new ArrayList<>();
    private final Map<String, Object> info = new LinkedHashMap<>();

    public Summary(String name) {
        this.name = name;
    }

    public void add(SummaryRow row) {
        rows.add(row);
    }

    public List<SummaryRow> rows() {
        return rows;
    }

    /** Extra top-level facts: settings, which parameters were calibrated to which table, caveats. */
    public void info(String key, Object value) {
        info.put(key, value);
    }

    private static Object num(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e4) / 1e4;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reproduction", name);
        m.putAll(info);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SummaryRow r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("metric", r.metric());
            row.put("published", num(r.published()));
            row.put("emulated", num(r.emulated()));
            row.put("unit", r.unit());
            row.put("ci95", num(r.ci95()));
            out.add(row);
        }
        m.put("rows", out);
        return m;
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, MetricsJson.toJson(toMap()));
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("id,metric,published,emulated,unit,ci95\n");
        for (SummaryRow r : rows) {
            sb.append(String.join(",", r.id(), r.metric(), fmt(r.published()), fmt(r.emulated()), r.unit(), fmt(r.ci95()))).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
