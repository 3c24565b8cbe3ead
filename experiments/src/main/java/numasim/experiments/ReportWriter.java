package numasim.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import numasim.results.MarkdownTable;
import numasim.results.Summary;
import numasim.results.SummaryRow;

/**
 * The one report writer of every reproduction: the rows compared with the published table (summary.json,
 * table.csv), the charts, and table.md, which it also prints. A reproduction adds its rows and the
 * blocks of its table.md in order; {@link #write} puts everything in the run folder.
 */
final class ReportWriter {
    private final Path out;
    private final Summary summary;
    private final StringBuilder md = new StringBuilder();
    private List<Map<String, Object>> calibrated = List.of();

    /** A report for reproduction {@code name}, headed "# name: heading". */
    ReportWriter(String name, String heading, Path out) {
        this.out = out;
        this.summary = new Summary(name);
        md.append("# ").append(name).append(": ").append(heading).append("\n\n");
    }

    /** A fact about the runs for summary.json (published source, what was emulated, machine, ...). */
    ReportWriter info(String key, Object value) {
        summary.info(key, value);
        return this;
    }

    /** One emulated figure beside its published one. */
    ReportWriter row(SummaryRow r) {
        summary.add(r);
        return this;
    }

    /** The parameters of {@code presets} fitted to published tables, listed in summary.json. */
    ReportWriter calibrated(List<String> presets) {
        calibrated = Calibration.of(presets);
        summary.info("calibrated", calibrated);
        return this;
    }

    /** Text of table.md as it stands (line breaks included). */
    ReportWriter text(String s) {
        md.append(s);
        return this;
    }

    /** A markdown table, then a blank line. */
    ReportWriter table(MarkdownTable t) {
        md.append(t.render()).append('\n');
        return this;
    }

    /** The list of parameters fitted to published tables, as every SPF reproduction shows it. */
    ReportWriter fittedParameters() {
        md.append("Parameters fitted to published tables (everything else is a physical parameter of the preset):\n\n");
        return calibrationList();
    }

    /** The calibrated parameters as a list, one line each. */
    ReportWriter calibrationList() {
        md.append(Calibration.markdown(calibrated));
        return this;
    }

    /** An image line. */
    ReportWriter image(String alt, String file) {
        md.append("![").append(alt).append("](").append(file).append(")\n");
        return this;
    }

    /** Where a chart or another file of the report goes (the folder exists). */
    Path file(String name) throws IOException {
        Files.createDirectories(out);
        return out.resolve(name);
    }

    /** Writes summary.json, table.csv and table.md, and prints table.md to {@code log}. */
    void write(PrintWriter log) throws IOException {
        Files.createDirectories(out);
        summary.writeJson(out.resolve("summary.json"));
        summary.writeCsv(out.resolve("table.csv"));
        Files.writeString(out.resolve("table.md"), md.toString());
        log.print(md);
        log.flush();
    }
}
