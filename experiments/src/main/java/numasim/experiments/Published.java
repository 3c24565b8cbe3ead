package numasim.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published tables numasim reproduces, shipped as CSV resources (copies of
 * {@code ../shared/reference/published/}, plus the transfer check's spf-ebizzy-mtrp tables taken from the
 * earlier SPF cover letters). Lines starting with {@code #} describe the source.
 */
public final class Published {
    private final String name;
    private final List<String> comments = new ArrayList<>();
    private final List<Map<String, String>> rows = new ArrayList<>();

    private Published(String name) {
        this.name = name;
    }

    public static Published load(String name) {
        Published p = new Published(name);
        try (InputStream in = Published.class.getResourceAsStream("/published/" + name)) {
            if (in == null) {
                throw new IllegalStateException("published table missing from the build: " + name);
            }
            String[] header = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    p.comments.add(line.substring(1).strip());
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (header == null) {
                    header = cells;
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].strip(), i < cells.length ? cells[i].strip() : "");
                }
                p.rows.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    public String name() {
        return name;
    }

    public List<String> comments() {
        return comments;
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    /** The first row whose {@code column} equals {@code value}. */
    public Map<String, String> row(String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no row with " + column + " = " + value));
    }

    public static double num(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
