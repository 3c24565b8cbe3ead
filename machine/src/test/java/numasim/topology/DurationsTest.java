package numasim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void everyUnitAndABareNumberInTheCallersUnit() {
        assertEquals(250, Durations.parse("f", "250ns", Durations.Unit.S));
        assertEquals(2_000, Durations.parse("f", "2us", Durations.Unit.S));
        assertEquals(2_000, Durations.parse("f", "2µs", Durations.Unit.S));
        assertEquals(1.5e6, Durations.parse("f", "1.5ms", Durations.Unit.S));
        assertEquals(1e9, Durations.parse("f", "1s", Durations.Unit.NS));
        assertEquals(60e9, Durations.parse("f", "60", Durations.Unit.S));
        assertEquals(50, Durations.parse("f", "50", Durations.Unit.NS));
        assertEquals(3e6, Durations.parse("f", 3, Durations.Unit.MS));
        assertEquals(2e-6 * 1e9, Durations.parse("f", "2e-6", Durations.Unit.S), 1e-9);
    }

    @Test
    void badDurationsNameTheField() {
        for (String bad : new String[] {"soon", "-1s", "2 hours", "", "1.2.3ms", "ms"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("--think", bad, Durations.Unit.S), bad);
            assertTrue(e.getMessage().startsWith("--think: "), e.getMessage());
        }
    }

    @Test
    void formatReadsBack() {
        for (double ns : new double[] {250, 2_000, 1.5e6, 10e9}) {
            assertEquals(ns, Durations.parse("f", Durations.format(ns), Durations.Unit.NS));
        }
    }
}
