package numasim.results;

import java.util.ArrayList;
import java.util.List;

/** A plain Markdown table, also readable as text on a terminal (columns padded). */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    public MarkdownTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    public String render() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        sb.append('|');
        for (int x : w) {
            sb.append('-').append("-".repeat(x)).append("-|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        sb.append('|');
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            boolean numeric = c.matches("[-+]?[0-9,.]+( ?[%±].*)?") || c.matches("[-+]?[0-9,.]+ ± [0-9,.]+.*");
            sb.append(' ').append(numeric ? " ".repeat(w[i] - c.length()) + c : c + " ".repeat(w[i] - c.length())).append(" |");
        }
        sb.append('\n');
    }
}
