package numasim.workloads.postcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import numasim.vm.FaultEvent;
import numasim.vm.UffdEvent;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workload;

class PostcopyTest {
    private static Kernel run(Workload[] out, String... args) {
        MachineSpec spec = MachineSpecs.load("two-node-test");
        Workload w = Postcopy.create(List.of(args), Map.of(), spec);
        Kernel k = new Kernel(spec, 1);
        w.start(k.userEnv());
        k.run(w.limitNs());
        out[0] = w;
        return k;
    }

    @Test
    void missingModeOnHugetlbfsFaultsAndCopiesWholeHugePages() {
        Workload[] w = new Workload[1];
        Kernel k = run(w, "--guest-size", "64M", "--working-set", "32M", "--mode", "missing", "--backing", "hugetlbfs", "--vcpus", "2");
        Map<String, Object> m = w[0].report().metrics();
        assertEquals(2L << 20, m.get("unit_bytes"));
        assertTrue(k.counters().get(FaultEvent.HUGETLB_FAULTS) > 0, "the guest RAM is a hugetlbfs mapping: " + k.counters().countsSnapshot());
        assertEquals(16L, m.get("uffdio_copy"), "32 MiB is 16 huge pages, each placed by one UFFDIO_COPY");
        assertEquals(16L * 512, k.counters().get(UffdEvent.COPY_PAGES), "every copy fills a whole 2 MiB page");
        assertEquals(0, k.counters().get(FaultEvent.ANON), "no anonymous page is faulted in");
    }

    @Test
    void missingModeOnAnonymousMemoryCopiesBasePages() {
        Workload[] w = new Workload[1];
        Kernel k = run(w, "--guest-size", "64M", "--working-set", "8M", "--mode", "missing", "--vcpus", "2");
        assertEquals(4096L, w[0].report().metrics().get("unit_bytes"));
        assertEquals(2048L, w[0].report().metrics().get("uffdio_copy"));
        assertEquals(0, k.counters().get(FaultEvent.HUGETLB_FAULTS));
    }
}
