package numasim.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** Grouped bars, published beside emulated (with CI whiskers), one group per category. */
    public static void publishedVsEmulated(String title, String valueAxis, List<Bar> bars, Path pngFile) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Bar b : bars) {
            data.add(b.published(), 0, "published", b.category());
            data.add(b.emulated(), Double.isNaN(b.ci95()) ? 0 : b.ci95(), "emulated (95 % CI)", b.category());
        }
        CategoryAxis x = new CategoryAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        x.setMaximumCategoryLabelLines(3);
        NumberAxis y = new NumberAxis(valueAxis);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        r.setErrorIndicatorPaint(Color.DARK_GRAY);
        r.setErrorIndicatorStroke(new BasicStroke(1.5f));
        r.setItemMargin(0.05);
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), plot, true);
        StandardChartTheme.createJFreeTheme().apply(chart);
        // the theme resets paints: set ours after it
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        r.setErrorIndicatorPaint(Color.DARK_GRAY);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, pngFile, 900, 520);
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
