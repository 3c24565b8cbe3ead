package numasim.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static Path section(Path dir, String name) throws Exception {
        Path d = dir.resolve(name);
        Charts.publishedVsEmulated(name, "%", List.of(new Charts.Bar("a", 1, 2, 0.5), new Charts.Bar("b", 3, 2, 0.1)), d.resolve(name + ".png"));
        Files.writeString(d.resolve("table.md"), "# " + name + "\n\n" + new MarkdownTable("machine", "published", "emulated")
                .row("x86", "742.57", "736 ± 9").render() + "\n![chart](" + name + ".png)\n");
        return d;
    }

    @Test
    void reportMdLinksTheChartsAndReportHtmlEmbedsThem(@TempDir Path dir) throws Exception {
        Path a = section(dir, "one");
        Path b = section(dir, "two");
        Report.write(dir, "numasim reproductions", List.of("numasim 0.1.0, git commit abc"), List.of(
                new Report.Section("one", Files.readString(a.resolve("table.md")), a),
                new Report.Section("two", Files.readString(b.resolve("table.md")), b)));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("![chart](one/one.png)") && md.contains("![chart](two/two.png)"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1, "both charts embedded");
        assertTrue(html.contains("<td class=\"num\">742.57</td>"), html.substring(0, 2000));
        assertTrue(!html.contains("src=\"one/"), "self-contained: no file references");
    }

    /** The report opens in headless Chromium and every image loads (the page marks it on load). */
    @Test
    void reportHtmlOpensInHeadlessChromiumWithEveryImageLoaded(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "Chromium is not installed (apt-get install chromium; .ci/run does)");
        Path a = section(dir, "one");
        Report.write(dir, "r", List.of("fact"), List.of(new Report.Section("one", Files.readString(a.resolve("table.md")), a)));
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom",
                dir.resolve("report.html").toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        Matcher m = Pattern.compile("<body data-images=\"(\\d+)\" data-images-ok=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page's load handler ran: " + dom.substring(0, Math.min(500, dom.length())));
        assertEquals("1", m.group(1));
        assertEquals(m.group(1), m.group(2), "every image loaded");
    }
}
