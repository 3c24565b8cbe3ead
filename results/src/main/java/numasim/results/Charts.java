package numasim.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/** Charts of published against emulated figures, written as PNG and SVG. */
public final class Charts {
    /** One bar group: a category, its published value, and the emulated mean with its 95 % CI half-width. */
    public record Bar(String category, double published, double emulated, double ci95) {
    }

    private Charts() {
    }

    /** A panel of bars on its own value axis: quantities of different kinds (or scales) are not drawn on one axis. */
    public record BarPanel(String title, String valueAxis, List<Bar> bars) {
    }

    /** Grouped bars, published beside emulated (with CI whiskers), one group per category. */
    public static void publishedVsEmulated(String title, String valueAxis, List<Bar> bars, Path pngFile) throws IOException {
        JFreeChart chart = barChart(title, valueAxis, bars, true, bars.size() > 8);
        write(chart, pngFile, 900, bars.size() > 8 ? 140 + 32 * bars.size() : 520);
    }

    /**
     * Several panels of published-vs-emulated bars under one title, each on its own axis: side by side
     * when each has a few groups, one above the other when they have many (horizontal bars).
     */
    public static void publishedVsEmulated(String title, List<BarPanel> panels, Path pngFile) throws IOException {
        if (panels.size() == 1) {
            publishedVsEmulated(title, panels.get(0).valueAxis(), panels.get(0).bars(), pngFile);
            return;
        }
        boolean stacked = panels.stream().anyMatch(p -> p.bars().size() > 8);
        List<JFreeChart> charts = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            BarPanel p = panels.get(i);
            JFreeChart c = barChart(p.title(), p.valueAxis(), p.bars(), true, stacked); // a legend each: the panels' plots line up
            c.getTitle().setFont(new Font("SansSerif", Font.BOLD, 13));
            charts.add(c);
            sizes.add(stacked ? 130 + 32 * p.bars().size() : 0);
        }
        int w = stacked ? 900 : 450 * panels.size();
        int h = stacked ? 50 + sizes.stream().mapToInt(Integer::intValue).sum() : 560;
        Files.createDirectories(pngFile.toAbsolutePath().getParent());
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        drawPanels(g, title, charts, sizes, stacked, w, h);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", pngFile.toFile());
        SVGGraphics2D svg = new SVGGraphics2D(w, h);
        drawPanels(svg, title, charts, sizes, stacked, w, h);
        Files.writeString(pngFile.resolveSibling(pngFile.getFileName().toString().replaceAll("\\.png$", ".svg")), svg.getSVGDocument());
    }

    private static void drawPanels(java.awt.Graphics2D g, String title, List<JFreeChart> charts, List<Integer> sizes, boolean stacked, int w, int h) {
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setPaint(Color.BLACK);
        g.setFont(new Font("SansSerif", Font.BOLD, 15));
        g.drawString(title, (w - g.getFontMetrics().stringWidth(title)) / 2, 26);
        int at = stacked ? 44 : 0;
        for (int i = 0; i < charts.size(); i++) {
            if (stacked) {
                charts.get(i).draw(g, new java.awt.geom.Rectangle2D.Double(0, at, w, sizes.get(i)));
                at += sizes.get(i);
            } else {
                int pw = w / charts.size();
                charts.get(i).draw(g, new java.awt.geom.Rectangle2D.Double(i * pw, 40, pw, h - 40));
            }
        }
    }

    private static JFreeChart barChart(String title, String valueAxis, List<Bar> bars, boolean legend, boolean horizontal) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Bar b : bars) {
            data.add(b.published(), 0, "published", label(b.category()));
            boolean ci = !Double.isNaN(b.ci95());
            data.add(b.emulated(), ci ? b.ci95() : 0, bars.stream().anyMatch(x -> !Double.isNaN(x.ci95())) ? "emulated (95 % CI)" : "emulated",
                    label(b.category()));
        }
        CategoryAxis x = new CategoryAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        x.setMaximumCategoryLabelLines(3);
        NumberAxis y = new NumberAxis(valueAxis);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setItemMargin(0.05);
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        // many groups read better as horizontal bars, one labelled row each
        plot.setOrientation(horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL);
        if (horizontal) {
            x.setMaximumCategoryLabelLines(1);
            x.setMaximumCategoryLabelWidthRatio(0.25f);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), plot, legend);
        StandardChartTheme.createJFreeTheme().apply(chart);
        // the theme resets paints: set ours after it
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        r.setErrorIndicatorPaint(Color.DARK_GRAY);
        r.setErrorIndicatorStroke(new BasicStroke(1.5f));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * A category label as the axis may wrap it: at spaces only, never inside a name such as
     * x86-kvm-16 (a hyphen becomes U+2011, the non-breaking hyphen).
     */
    static String label(String category) {
        return category.replace('-', '\u2011');
    }

    /**
     * One line per series against a numeric x, each point the mean with a shaded 95 % confidence band.
     *
     * @param series name to points {x, mean, ci95 half-width}
     */
    public static void linesWithBands(String title, String xLabel, String yLabel, Map<String, List<double[]>> series, Path pngFile)
            throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            YIntervalSeries s = new YIntervalSeries(e.getKey());
            for (double[] p : e.getValue()) {
                double ci = Double.isNaN(p[2]) ? 0 : p[2];
                s.add(p[0], p[1], p[1] - ci, p[1] + ci);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        // whole-number inputs (CPUs, tasks, sizes) get whole-number ticks, not 1.5 CPUs
        boolean integral = series.values().stream().flatMap(List::stream).allMatch(p -> p[0] == Math.rint(p[0]));
        if (integral) {
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        DeviationRenderer r = new DeviationRenderer(true, true);
        Color[] palette = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3)};
        for (int i = 0; i < series.size(); i++) {
            Color c = palette[i % palette.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setAlpha(0.2f);
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, pngFile, 900, 520);
    }

    /** A named line: x and y values. */
    public record Line(String name, double[] x, double[] y) {
    }

    /** One panel of stacked charts sharing the x axis. */
    public record Panel(String title, List<Line> lines) {
    }

    private static final Color[] PALETTE = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
        new Color(0x8172B3), new Color(0x937860)};

    /**
     * Panels stacked over one shared x axis (e.g. one per hinting variant, a line per NUMA node), with the
     * same y range in each so they compare at a glance.
     */
    public static void stackedLines(String title, String xLabel, String yLabel, double yMax, List<Panel> panels, Path pngFile) throws IOException {
        stackedLines(title, xLabel, yLabel, yMax, panels, false, pngFile);
    }

    /** As {@link #stackedLines(String, String, String, double, List, Path)}, with a logarithmic x axis if {@code logX}. */
    public static void stackedLines(String title, String xLabel, String yLabel, double yMax, List<Panel> panels, boolean logX, Path pngFile)
            throws IOException {
        NumberAxis xAxis = logX ? new org.jfree.chart.axis.LogarithmicAxis(xLabel) : new NumberAxis(xLabel);
        org.jfree.chart.plot.CombinedDomainXYPlot combined = new org.jfree.chart.plot.CombinedDomainXYPlot(xAxis);
        combined.setGap(12);
        for (Panel p : panels) {
            org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
            for (Line l : p.lines()) {
                org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries(l.name(), false, true);
                for (int i = 0; i < l.x().length; i++) {
                    s.add(l.x()[i], l.y()[i]);
                }
                data.addSeries(s);
            }
            // the panel's name goes on its axis, outside the data it would otherwise cover
            NumberAxis y = new NumberAxis(panels.size() == 1 ? yLabel : p.title() + ": " + yLabel);
            y.setLabelFont(new Font("SansSerif", Font.BOLD, 12));
            if (yMax > 0) {
                y.setRange(0, yMax);
            }
            org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < p.lines().size(); i++) {
                r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                r.setSeriesStroke(i, overlapStroke(i));
            }
            XYPlot sub = new XYPlot(data, null, y, r);
            sub.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
            sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
            combined.add(sub, 1);
        }
        // one legend: the panels share their line names and colours
        if (!combined.getSubplots().isEmpty()) {
            combined.setFixedLegendItems(((XYPlot) combined.getSubplots().get(0)).getLegendItems());
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, pngFile, 900, panels.size() == 1 ? 460 : 140 + 220 * panels.size());
    }

    /**
     * The empirical CDF of {@code sorted} (ascending) as a step function, at most {@code maxSteps} steps:
     * at each step's value a vertical segment up to the share of samples at or below it, then a flat one
     * to the next. Returns {x[], y[]} with y in percent.
     */
    public static double[][] stepCdf(double[] sorted, int maxSteps) {
        int n = Math.min(sorted.length, maxSteps);
        double[] xs = new double[2 * n];
        double[] ys = new double[2 * n];
        double below = 0;
        for (int i = 0; i < n; i++) {
            int idx = (int) ((long) (i + 1) * sorted.length / n) - 1;
            xs[2 * i] = sorted[idx];
            ys[2 * i] = below;
            xs[2 * i + 1] = sorted[idx];
            ys[2 * i + 1] = 100.0 * (idx + 1) / sorted.length;
            below = ys[2 * i + 1];
        }
        return new double[][] {xs, ys};
    }

    /**
     * Lines that may lie on top of each other stay visible: the first wide and solid, each later one
     * narrower and dashed, drawn over it.
     */
    static BasicStroke overlapStroke(int i) {
        if (i == 0) {
            return new BasicStroke(3.4f);
        }
        return new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f - 2 * (i % 3), 5f}, 0f);
    }

    /** Lines against a numeric x with a dashed horizontal reference line (e.g. the host's memory). */
    public static void linesWithLimit(String title, String xLabel, String yLabel, List<Line> lines, double limit, String limitLabel, Path pngFile)
            throws IOException {
        linesWithLimit(title, xLabel, yLabel, lines, limit, limitLabel, List.of(), pngFile);
    }

    /** An event on the x axis, marked by a vertical line in its series' colour (e.g. where swapping starts). */
    public record Onset(String series, double x, String label) {
    }

    /** The same, with {@code onsets} marked. */
    public static void linesWithLimit(String title, String xLabel, String yLabel, List<Line> lines, double limit, String limitLabel,
            List<Onset> onsets, Path pngFile) throws IOException {
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
        for (Line l : lines) {
            org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries(l.name(), false, true);
            for (int i = 0; i < l.x().length; i++) {
                s.add(l.x()[i], l.y()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        plot.setRenderer(r);
        org.jfree.chart.plot.ValueMarker m = new org.jfree.chart.plot.ValueMarker(limit, Color.DARK_GRAY,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        m.setLabel(limitLabel);
        m.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(m);
        for (Onset o : onsets) {
            int i = 0;
            while (i < lines.size() && !lines.get(i).name().equals(o.series())) {
                i++;
            }
            org.jfree.chart.plot.ValueMarker v = new org.jfree.chart.plot.ValueMarker(o.x(), PALETTE[i % PALETTE.length],
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
            v.setLabel(o.label());
            v.setLabelFont(new Font("SansSerif", Font.PLAIN, 11));
            v.setLabelPaint(PALETTE[i % PALETTE.length]);
            v.setLabelAnchor(i % 2 == 0 ? org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT : org.jfree.chart.ui.RectangleAnchor.LEFT);
            v.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            plot.addDomainMarker(v);
        }
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, pngFile, 900, 520);
    }

    /** One tornado bar: a parameter and the value of the number at the low and the high end of its range. */
    public record Swing(String param, double atLow, double atHigh) {
    }

    /**
     * A tornado chart: one horizontal bar per parameter from the number at the low end of its range to the
     * number at the high end (widest first), the baseline as a line and the published value (if not NaN) as
     * a dashed red one.
     */
    public static void tornado(String title, String valueAxis, double baseline, double published, List<Swing> swings, Path pngFile) throws IOException {
        List<Swing> sorted = new java.util.ArrayList<>(swings);
        sorted.sort((a, b) -> Double.compare(Math.abs(b.atHigh() - b.atLow()), Math.abs(a.atHigh() - a.atLow())));
        int n = sorted.size();
        double[][] lo = new double[2][n];
        double[][] hi = new double[2][n];
        String[] cats = new String[n];
        for (int i = 0; i < n; i++) {
            Swing s = sorted.get(i);
            cats[i] = s.param();
            lo[0][i] = Math.min(baseline, s.atLow());
            hi[0][i] = Math.max(baseline, s.atLow());
            lo[1][i] = Math.min(baseline, s.atHigh());
            hi[1][i] = Math.max(baseline, s.atHigh());
        }
        org.jfree.data.category.DefaultIntervalCategoryDataset data = new org.jfree.data.category.DefaultIntervalCategoryDataset(
                new String[] {"parameter at the low end of its range", "at the high end"}, cats, toNumbers(lo), toNumbers(hi));
        CategoryAxis x = new CategoryAxis();
        x.setMaximumCategoryLabelLines(1);
        x.setMaximumCategoryLabelWidthRatio(0.35f);
        NumberAxis y = new NumberAxis(valueAxis);
        y.setAutoRangeIncludesZero(true);
        x.setCategoryMargin(0.1);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        org.jfree.chart.renderer.category.IntervalBarRenderer r = new org.jfree.chart.renderer.category.IntervalBarRenderer();
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(baseline, Color.BLACK, new BasicStroke(1.5f)));
        if (!Double.isNaN(published)) {
            org.jfree.chart.plot.ValueMarker pub = new org.jfree.chart.plot.ValueMarker(published, new Color(0xC44E52),
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            pub.setLabel("published");
            pub.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            pub.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(pub);
            double min = Math.min(0, Math.min(baseline, published));
            double max = Math.max(0, Math.max(baseline, published));
            for (Swing sw : sorted) {
                min = Math.min(min, Math.min(sw.atLow(), sw.atHigh()));
                max = Math.max(max, Math.max(sw.atLow(), sw.atHigh()));
            }
            double pad = (max - min) * 0.05 + 1e-9;
            y.setRange(min - pad, max + pad); // the published value stays in view
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), plot, true);
        StandardChartTheme.createJFreeTheme().apply(chart);
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, pngFile, 900, 140 + 22 * n);
    }

    private static Number[][] toNumbers(double[][] a) {
        Number[][] out = new Number[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new Number[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j];
            }
        }
        return out;
    }

    /** Writes {@code file} (PNG) and the same chart beside it as SVG. */
    public static void write(JFreeChart chart, Path pngFile, int w, int h) throws IOException {
        Files.createDirectories(pngFile.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(pngFile.toFile(), chart, w, h);
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        chart.draw(g, new Rectangle(0, 0, w, h));
        String svgName = pngFile.getFileName().toString().replaceAll("\\.png$", ".svg");
        Files.writeString(pngFile.resolveSibling(svgName), g.getSVGDocument());
    }
}
