package numasim.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void labelsCarryTheUnitOfTheirSuffix() {
        assertEquals("records (/s)", Units.label("records_per_s"));
        assertEquals("sys (s)", Units.label("sys_s"));
        assertEquals("half.elapsed (s)", Units.label("half.elapsed_s"));
        assertEquals("per thread ops (ops/s)", Units.label("per_thread_ops"));
        assertEquals("coverage (%)", Units.label("coverage_pct"));
        assertEquals("cpus", Units.label("cpus"));
        assertEquals("s", Units.label("s"));
    }
}
