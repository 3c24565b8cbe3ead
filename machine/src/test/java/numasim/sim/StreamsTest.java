package numasim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamsTest {
    @Test
    void streamsAreNamedSeededAndIndependent() {
        for (long seed = -5; seed <= 5; seed++) {
            assertTrue(Streams.seedFor(seed, "ipi") > 0, "DSOL needs positive seeds");
        }
        Streams a = new Streams(1);
        Streams b = new Streams(1);
        a.get("coherence").nextDouble(); // using one stream does not shift another
        assertEquals(a.get("ipi").nextDouble(), b.get("ipi").nextDouble());
        assertNotEquals(new Streams(1).get("ipi").nextDouble(), new Streams(2).get("ipi").nextDouble());
    }
}
