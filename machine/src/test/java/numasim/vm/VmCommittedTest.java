package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;

/** vm_committed_as: a percpu_counter whose batch decides how often mmap and munmap take its lock. */
class VmCommittedTest {
    private static final long PAGE = 4096;

    @Test
    void theBatchFollowsMmComputeBatch() {
        assertEquals(4_096, VmCommitted.batch(192, 768L << 30 >> 12), "768 GiB over 192 CPUs");
        assertEquals(32, VmCommitted.batch(4, 1 << 10), "at least 32");
        assertEquals(160, VmCommitted.batch(80, 1 << 10), "at least twice the CPUs");
    }

    /** mmap {@code pages} with {@code prot}, unmap them; the run's invariants check the counter against the mms. */
    private static Kernel mapUnmap(long pages, int prot) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> p.mmapAnon(t, pages * PAGE, prot, a -> p.munmap(t, a, pages * PAGE, r -> p.exit(t))));
        k.run(1e9);
        return k;
    }

    @Test
    void aPrivateWritableMappingAboveTheBatchTakesTheLockOnMmapAndOnMunmap() {
        long batch = new Kernel(MachineSpecs.load("two-node-test"), 1).vm().committedBatch();
        Kernel k = mapUnmap(batch + 1, Vma.VM_READ | Vma.VM_WRITE);
        assertEquals(2, k.counters().get(VmaEvent.COMMITTED_FOLDS), "vm_acct_memory folds at mmap, vm_unacct_memory at munmap");
        assertTrue(k.vm().committedCheck().isEmpty(), "every page accounted came back");
    }

    @Test
    void smallOrReadOnlyMappingsStayOnTheCpuCount() {
        long batch = new Kernel(MachineSpecs.load("two-node-test"), 1).vm().committedBatch();
        assertEquals(0, mapUnmap(batch - 1, Vma.VM_READ | Vma.VM_WRITE).counters().get(VmaEvent.COMMITTED_FOLDS));
        assertEquals(0, mapUnmap(batch + 1, Vma.VM_READ).counters().get(VmaEvent.COMMITTED_FOLDS), "not accountable");
    }
}
