package numasim.workloads.ebizzy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import numasim.topology.ConfigException;

class EbizzyOptionsTest {
    @Test
    void combinedFlagsTakeTheirArgumentFromTheNextWord() {
        EbizzyOptions o = EbizzyOptions.parse(List.of("-mTt", "16", "-S", "2"), 4);
        assertTrue(o.alwaysMmap());
        assertTrue(o.touchPages());
        assertEquals(16, o.threads());
        assertEquals(2, o.seconds());
        assertEquals(10, o.chunks());
        assertEquals(512 * 1024, o.chunkSize());
    }

    @Test
    void attachedArgumentsAndDefaults() {
        EbizzyOptions o = EbizzyOptions.parse(List.of("-t8", "-s4096", "-Rzp"), 6);
        assertEquals(8, o.threads());
        assertEquals(4096, o.chunkSize());
        assertTrue(o.randomSize() && o.linear() && o.usePermissions());
        assertEquals(12, EbizzyOptions.parse(List.of(), 6).threads(), "default: 2 x online CPUs");
        assertEquals(10, EbizzyOptions.parse(List.of(), 6).seconds());
    }

    @Test
    void valuesGoThroughAtoi() {
        assertEquals(16, EbizzyOptions.parse(List.of("-t", "16abc"), 4).threads());
    }

    @Test
    void theRandomGeneratorNeverLeavesStateZero() {
        int[] state = {0};
        for (int i = 0; i < 100; i++) {
            assertEquals(0, Ebizzy.randNum(10, state));
        }
    }

    private static String error(String... args) {
        return assertThrows(ConfigException.class, () -> EbizzyOptions.parse(List.of(args), 4)).getMessage();
    }

    @Test
    void badOptionsNameTheOptionAndTheProblem() {
        assertEquals("workload.args: unknown option -Q", error("-Q"));
        assertEquals("workload.args: option -t requires an argument", error("-mTt"));
        assertEquals("workload.args: -t 0: must be a positive number of threads", error("-t", "0"));
        assertEquals("workload.args: -S -3: must be a positive number of seconds", error("-S", "-3"));
        assertTrue(error("-s", "100").contains("multiple of the record size"));
        assertTrue(error("-t", "100000").contains("more threads than a process can have"));
        assertTrue(error("-m", "-M").contains("both -m"));
    }
}
