package numasim.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import numasim.experiments.MicrobenchSuite;

/** The spark module's class path (the fat jar's) carries the libraries numasim's own commands read files with. */
class FatJarClassPathTest {
    @Test
    void commonsCsvReadsWithTheCommonsIoItNeeds() {
        // Spark brings an older commons-io than commons-csv's: a plain `java -jar ...-all.jar microbench` failed on it
        assertFalse(MicrobenchSuite.references().isEmpty());
    }
}
