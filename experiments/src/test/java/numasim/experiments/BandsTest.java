package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.topology.ConfigException;

class BandsTest {
    @Test
    void matchingRowsGetTheirBandAndASpanAcrossTheSignIsSaid(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("table.csv"), "id,metric,published,emulated,unit,ci95\nx86-kvm-16/base,records_per_s,742.57,1430,records/s,17\n"
                + "x86-kvm-16/delta,delta_pct,100.69,23.1,%,2.5\n");
        Files.writeString(dir.resolve("table.md"), "# spf-ebizzy\n");
        Path bands = Files.writeString(dir.resolve("bands.csv"), "id,case,baseline,low,high,published,spans_published_and_opposite_sign\n"
                + "x86-kvm-16/delta,\"x86, gain\",23.1,-98.4,134.0,100.69,true\n");
        assertEquals(1, Bands.apply(dir, bands));
        String csv = Files.readString(dir.resolve("table.csv"));
        assertTrue(csv.startsWith("id,metric,published,emulated,unit,ci95,band_low,band_high\n"), csv);
        assertTrue(csv.contains("x86-kvm-16/base,records_per_s,742.57,1430,records/s,17,,\n"), "rows without a band keep empty cells: " + csv);
        assertTrue(csv.contains("x86-kvm-16/delta,delta_pct,100.69,23.1,%,2.5,-98.4,+134.0\n"), csv);
        assertTrue(Files.readString(dir.resolve("table.md")).contains("| x86-kvm-16/delta | 23.1 | -98.4 | +134.0 | **spans the published value"));
        Path junk = Files.writeString(dir.resolve("junk.csv"), "a,b\n1,2\n");
        assertThrows(ConfigException.class, () -> Bands.check(junk));
        assertThrows(ConfigException.class, () -> Bands.check(dir.resolve("nosuch.csv")));
    }
}
