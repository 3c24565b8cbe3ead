package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** A smoke sensitivity run of spf-ebizzy's x86 number over two parameters (the full study is numasim sensitivity). */
class SensitivityTest {
    @Test
    void aParameterTheNumberCannotDependOnHasAZeroBandAndOneItDependsOnDoesNot() {
        Sensitivity.Case x86 = Sensitivity.cases("spf-ebizzy", true).get(0);
        Sensitivity.Result r = Sensitivity.study(x86, List.of("disk_read", "zero_page"), 2, 2, 1);
        Map<String, Sensitivity.Oat> oat = r.oat().stream().collect(Collectors.toMap(Sensitivity.Oat::param, o -> o));
        assertEquals(0.0, oat.get("disk_read").band(), "ebizzy reads no file: the disk's latency cannot move its SPF gain");
        assertTrue(oat.get("zero_page").band() > 1, "zeroing is most of a fault: " + oat.get("zero_page"));
        Map<String, Sensitivity.Morris> morris = r.morris().stream().collect(Collectors.toMap(Sensitivity.Morris::param, m -> m));
        assertEquals(0.0, morris.get("disk_read").muStar(), 1e-9, "no elementary effect either");
        assertTrue(morris.get("zero_page").muStar() > 1);
        assertTrue(r.low() <= r.baseline() && r.baseline() <= r.high());
        assertTrue(Sensitivity.markdown(r).contains("| zero_page | 250 - 750 |"));
    }

    @Test
    void anExperimentFileOnAMachineFileIsStudiedOnItsOwnMetric(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("box.yaml"), "inherit: two-node-test\ntopology: {cores_per_socket: 1}\n");
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("exp.yaml"),
                "machine: box.yaml\nkernel: base\nworkload: {name: ebizzy, args: \"-mTt 2 -S 1\"}\n");
        Sensitivity.Case c = Sensitivity.fromExperiment(f, "records_per_s");
        assertEquals("box", c.machineName());
        Sensitivity.Result r = Sensitivity.study(c, List.of("disk_read", "zero_page"), 0, 2, 1);
        Map<String, Sensitivity.Oat> oat = r.oat().stream().collect(Collectors.toMap(Sensitivity.Oat::param, o -> o));
        assertEquals(0.0, oat.get("disk_read").band());
        assertTrue(oat.get("zero_page").atLow() > oat.get("zero_page").atHigh(), "cheaper zeroing, more records: " + oat.get("zero_page"));
        assertTrue(Sensitivity.markdown(r).startsWith("## ebizzy records_per_s (exp.yaml) (box)"), Sensitivity.markdown(r));
        numasim.topology.ConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(numasim.topology.ConfigException.class,
                () -> Sensitivity.study(Sensitivity.fromExperiment(f, "nosuch"), List.of("zero_page"), 0, 1, 1));
        assertTrue(bad.getMessage().contains("--metric: the run has no numeric result 'nosuch'"), bad.getMessage());
    }
}
