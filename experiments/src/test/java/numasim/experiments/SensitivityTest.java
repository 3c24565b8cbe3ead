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
}
