package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.topology.MachineSpecs;

class HugetlbfsPoolTest {
    @Test
    void nrHugepagesIsInterleavedOverTheNodesAndANodeSysfsFileFillsThatNode() {
        Kernel k = new Kernel(MachineSpecs.load("skylake-4s-192"), 1);
        assertEquals(10, k.userEnv().reserveHugepages(10));
        long[] per = new long[4];
        for (int n = 0; n < 4; n++) {
            per[n] = k.vm().hugetlbfs().pool(n);
        }
        assertEquals("[3, 3, 2, 2]", java.util.Arrays.toString(per), "round robin from node 0, as next_nid_to_alloc");
        assertEquals(4, k.userEnv().reserveHugepages(2, 4));
        assertEquals(6, k.vm().hugetlbfs().pool(2));
    }

    @Test
    void aFullNodeIsSkippedAndTheRequestStopsWhenNoNodeHasRoom() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        long perNode = MachineSpecs.load("two-node-test").memoryPerNode() / (2L << 20);
        int got = k.userEnv().reserveHugepages((int) (3 * perNode));
        assertEquals(true, got < 2 * perNode && got > perNode, "both nodes filled as far as they go, then it stops: " + got);
        assertEquals(got, k.vm().hugetlbfs().pool(0) + k.vm().hugetlbfs().pool(1));
    }
}
