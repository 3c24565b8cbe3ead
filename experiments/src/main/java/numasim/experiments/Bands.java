package numasim.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import numasim.topology.ConfigException;

/**
 * The "band over parameter ranges" of reproduced rows, read from a sensitivity run's bands.csv and
 * added to a reproduction's table.csv (columns band_low, band_high) and table.md (a table of those rows,
 * saying where a band spans the published value and its opposite sign).
 */
public final class Bands {
    /** One row's band. */
    record Band(String caseLabel, double low, double high, boolean spansOpposite) {
    }

    private Bands() {
    }

    static Map<String, Band> read(Path file) {
        Map<String, Band> out = new LinkedHashMap<>();
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (CSVRecord r : p) {
                if (!r.get("id").isEmpty()) {
                    out.put(r.get("id"), new Band(r.get("case"), Double.parseDouble(r.get("low")), Double.parseDouble(r.get("high")),
                            Boolean.parseBoolean(r.get("spans_published_and_opposite_sign"))));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--bands", file + ": not a sensitivity bands.csv (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Checks {@code file} before any work. */
    public static void check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--bands", file + ": no such file (numasim sensitivity writes bands.csv)");
        }
        read(file);
    }

    /** Adds the bands of {@code file} that match rows of the reproduction in {@code dir}; returns how many matched. */
    public static int apply(Path dir, Path file) throws IOException {
        Map<String, Band> bands = read(file);
        List<String> lines = Files.readAllLines(dir.resolve("table.csv"));
        StringBuilder csv = new StringBuilder(lines.get(0)).append(",band_low,band_high\n");
        StringBuilder md = new StringBuilder("\nBand over parameter ranges (`numasim sensitivity`, ").append(file).append("):\n\n")
                .append("| row | emulated | band low | band high | note |\n|---|---|---|---|---|\n");
        int matched = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            Band b = bands.get(f[0]);
            csv.append(l).append(',').append(b == null ? "," : fmt(b.low()) + "," + fmt(b.high())).append('\n');
            if (b != null) {
                matched++;
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", f[0], f[3], fmt(b.low()), fmt(b.high()),
                        b.spansOpposite() ? "**spans the published value and its opposite sign: not determined by the ranges**" : ""));
            }
        }
        Files.writeString(dir.resolve("table.csv"), csv.toString());
        if (matched > 0) {
            Files.writeString(dir.resolve("table.md"), Files.readString(dir.resolve("table.md")) + md);
        }
        return matched;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }
}
