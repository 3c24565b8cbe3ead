package numasim.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void aCdfIsAStepFunctionEndingAtAllTheSamples() {
        double[][] xy = Charts.stepCdf(new double[] {1, 2, 2, 5}, 400);
        assertEquals(8, xy[0].length, "two points per step");
        for (int i = 0; i < xy[0].length; i += 2) {
            assertEquals(xy[0][i], xy[0][i + 1], "each step rises vertically at its value");
            if (i > 0) {
                assertEquals(xy[1][i - 1], xy[1][i], "and runs flat to the next");
            }
        }
        assertEquals(0, xy[1][0]);
        assertEquals(100, xy[1][xy[1].length - 1]);
        assertEquals(2 * 400, Charts.stepCdf(new double[100_000], 400)[0].length, "at most 400 steps");
    }

    @Test
    void categoryNamesAreNotBrokenAtHyphensAndPanelsWritePngAndSvg(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertTrue(!Charts.label("x86-kvm-16 half elapsed").contains("-"), "non-breaking hyphens only");
        java.nio.file.Path png = dir.resolve("p.png");
        Charts.publishedVsEmulated("t", java.util.List.of(
                new Charts.BarPanel("gain", "%", java.util.List.of(new Charts.Bar("a", 100, 24, 2))),
                new Charts.BarPanel("share", "% of faults", java.util.List.of(new Charts.Bar("a", 98, 98, Double.NaN)))), png);
        assertEquals(900, javax.imageio.ImageIO.read(png.toFile()).getWidth(), "two panels side by side");
        String svg = java.nio.file.Files.readString(dir.resolve("p.svg"));
        assertTrue(svg.contains(">gain") && svg.contains(">share"), "each panel with its own title");
    }

    @Test
    void overlappingLinesGetDistinctStrokes() {
        assertNull(Charts.overlapStroke(0).getDashArray(), "the first solid");
        assertNotNull(Charts.overlapStroke(1).getDashArray(), "the others dashed, over it");
        assertTrue(Charts.overlapStroke(0).getLineWidth() > Charts.overlapStroke(1).getLineWidth());
    }
}
