package numasim.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One report of several sections (each a reproduction's or a sweep's table.md with its charts): a
 * {@code report.md} beside the sections, and a self-contained {@code report.html} with every table and
 * every chart embedded, headed by what is needed to reproduce the results later.
 */
public final class Report {
    /** A section: its Markdown (as table.md holds it) and the folder its images are relative to. */
    public record Section(String title, String markdown, Path folder) {
    }

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\(([^)]+)\\)");

    private Report() {
    }

    /** Writes report.md and report.html into {@code out}; {@code header} lines are facts (version, commit, presets, seeds). */
    public static void write(Path out, String title, List<String> header, List<Section> sections) throws IOException {
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        header.forEach(h -> md.append("- ").append(h).append('\n'));
        md.append('\n');
        for (Section s : sections) {
            String rel = out.toAbsolutePath().relativize(s.folder().toAbsolutePath()).toString();
            Matcher m = IMAGE.matcher(s.markdown().replaceFirst("(?m)^# ", "## "));
            StringBuilder body = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(body, Matcher.quoteReplacement("![" + m.group(1) + "](" + (rel.isEmpty() ? "" : rel + "/") + m.group(2) + ")"));
            }
            m.appendTail(body);
            md.append(body).append("\n");
        }
        Files.writeString(out.resolve("report.md"), md.toString());
        Files.writeString(out.resolve("report.html"), html(title, header, sections));
    }

    static String html(String title, List<String> header, List<Section> sections) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n");
        h.append("<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}"
                + "td,th{border:1px solid #ccc;padding:3px 7px}th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}"
                + "img{max-width:100%;border:1px solid #eee}.facts{background:#f8f8f8;padding:.5em 1.5em}</style>\n");
        // marks the page once every image has loaded, so a headless browser can check it
        h.append("<script>window.addEventListener('load',function(){var im=document.images,ok=0;for(var i=0;i<im.length;i++){"
                + "if(im[i].complete&&im[i].naturalWidth>0)ok++;}document.body.setAttribute('data-images',im.length);"
                + "document.body.setAttribute('data-images-ok',ok);});</script>\n");
        h.append("</head><body>\n<h1>").append(esc(title)).append("</h1>\n<ul class=\"facts\">\n");
        header.forEach(x -> h.append("<li>").append(esc(x)).append("</li>\n"));
        h.append("</ul>\n");
        for (Section s : sections) {
            h.append("<section>\n");
            List<String> table = new ArrayList<>();
            for (String line : (s.markdown() + "\n").split("\n", -1)) {
                if (line.startsWith("|")) {
                    table.add(line);
                    continue;
                }
                if (!table.isEmpty()) {
                    h.append(table(table));
                    table.clear();
                }
                Matcher img = IMAGE.matcher(line);
                if (img.find()) {
                    Path f = s.folder().resolve(img.group(2));
                    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(f));
                    h.append("<p><img alt=\"").append(esc(img.group(1))).append("\" src=\"data:image/png;base64,").append(data).append("\"></p>\n");
                } else if (line.startsWith("# ")) {
                    h.append("<h2>").append(esc(line.substring(2))).append("</h2>\n");
                } else if (line.startsWith("- ")) {
                    h.append("<p>&bull; ").append(inline(line.substring(2))).append("</p>\n");
                } else if (!line.isBlank()) {
                    h.append("<p>").append(inline(line)).append("</p>\n");
                }
            }
            h.append("</section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String table(List<String> lines) {
        StringBuilder t = new StringBuilder("<table>\n");
        for (int i = 0; i < lines.size(); i++) {
            if (i == 1 && lines.get(i).matches("\\|[-| :]+\\|?")) {
                continue;
            }
            String[] cells = lines.get(i).replaceAll("^\\|", "").replaceAll("\\|\\s*$", "").split("\\|", -1);
            t.append("<tr>");
            for (String c : cells) {
                String v = c.strip();
                String tag = i == 0 ? "th" : "td";
                boolean num = i > 0 && v.matches("[-+]?[0-9][0-9,.]*( ?[%±].*)?");
                t.append('<').append(tag).append(num ? " class=\"num\"" : "").append('>').append(inline(v)).append("</").append(tag).append('>');
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String inline(String s) {
        return esc(s).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
