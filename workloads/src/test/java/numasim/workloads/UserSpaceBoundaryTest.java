package numasim.workloads;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Workloads are programs: they see the machine through its user-space interface (processes, threads,
 * system calls, UserEnv), never the kernel's internals.
 */
class UserSpaceBoundaryTest {
    private static final JavaClasses WORKLOADS = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("numasim.workloads");

    @Test
    void noWorkloadReachesIntoTheKernel() {
        noClasses().that().resideInAPackage("numasim.workloads..")
                .should().dependOnClassesThat().resideInAnyPackage("numasim.cpu..", "numasim.mm..", "numasim.sim..", "numasim.boot..",
                        "numasim.coherence..", "numasim.sync..", "numasim.hinting..", "numasim.host..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("numasim.kernel.Kernel")
                .because("a workload is a program: it gets a UserEnv, its processes and threads, and system calls")
                .check(WORKLOADS);
    }

    @Test
    void theRuleSeesTheWorkloads() {
        org.junit.jupiter.api.Assertions.assertTrue(WORKLOADS.contain("numasim.workloads.ebizzy.Ebizzy"), "the importer found the workloads");
    }
}
