package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class SpeculativeFaultTest {
    private static final long PAGE = 4096;

    private static void writeAll(Process p, Pthread t, long a, int from, int to, Runnable k) {
        Touching.pages(p, t, a, from, to, true, k);
    }

    @Test
    void aSingleThreadedMmNeverTriesTheSpeculativePath() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse("spf"), 1);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> p.mmapAnon(t, 64 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> writeAll(p, t, a, 0, 64, () -> p.exit(t))));
        k.run(1e9);
        assertEquals(64, k.counters().get(FaultEvent.FAULTS));
        assertEquals(0, k.counters().get(SpfEvent.SPF));
        for (SpfEvent r : SpfEvent.ABORTS) {
            assertEquals(0, k.counters().get(r), r.key());
        }
        assertEquals(64, k.counters().get(numasim.sync.RwSemEvent.MMAP_SEM_READ_ACQUIRE), "every fault took mmap_sem");
    }

    @Test
    void aConcurrentMunmapOfTheSameVmaAbortsTheSpeculativeFaultWhichStillMapsThePage() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse("spf"), 1);
        Process p = k.spawn("t", 0);
        List<Integer> missing = new ArrayList<>();
        p.start("faulter", 0, t -> p.mmapAnon(t, 1024 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> {
            // a second thread of the mm punches holes into the same VMA while this one faults
            p.start("unmapper", 2, u -> unmapHoles(p, u, a, 0));
            writeAll(p, t, a, 0, 512, () -> exitNoting(p, t, a, missing));
        }));
        k.run(1e9);
        assertTrue(k.counters().get(SpfEvent.VMA_CHANGED) > 0, "a split of the VMA under a speculative fault aborts it");
        assertTrue(k.counters().get(SpfEvent.SPF) > 100, "the others went through speculatively: " + k.counters().get(SpfEvent.SPF));
        assertEquals(512, k.counters().get(SpfEvent.SPF) + k.counters().get(SpfEvent.VMA_CHANGED) + k.counters().get(SpfEvent.VMA_NOANON)
                + k.counters().get(SpfEvent.VMA_NOTSUP), "every fault either succeeded or aborted for a counted reason");
        assertTrue(missing.isEmpty(), "aborted faults fell back and mapped their pages: missing " + missing);
        assertEquals(512, k.counters().get(FaultEvent.ANON), "each page mapped exactly once");
        assertTrue(k.checkInvariants(true).isEmpty());
    }

    /** The faulter checks every page it wrote is mapped, then exits. */
    private static void exitNoting(Process p, Pthread t, long a, List<Integer> missing) {
        for (int i = 0; i < 512; i++) {
            if (!Pte.present(p.mm().pageTable().get((a >>> 12) + i))) {
                missing.add(i);
            }
        }
        p.exit(t);
    }

    /** Unmaps the last page of the faulter's VMA (each shrinks that very VMA), one every 2 us, 200 in all. */
    private static void unmapHoles(Process p, Pthread u, long a, int i) {
        if (i == 200) {
            p.compute(u, 10_000_000, () -> p.exit(u)); // stay a second user of the mm until the faulter is done
            return;
        }
        p.compute(u, 2_000, () -> p.munmap(u, a + (1023L - i) * PAGE, PAGE, r -> unmapHoles(p, u, a, i + 1)));
    }

    @Test
    void splittingTheVmaBelowAbortsFaultsInTheNextVmaBecauseVmaAdjustBracketsVmNext() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse("spf"), 1);
        Process p = k.spawn("t", 0);
        List<Integer> missing = new ArrayList<>();
        p.start("faulter", 0, t -> p.mmapAnon(t, 1024 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> {
            // read-only, so it never merges: the new VMA sits right below the faulter's (top-down)
            p.start("unmapper", 2, u -> p.mmapAnon(u, 1024 * PAGE, Vma.VM_READ, b -> {
                assertEquals(a, b + 1024 * PAGE, "the second mapping lies just below the first");
                unmapHoles(p, u, b, 0);
            }));
            writeAll(p, t, a, 0, 512, () -> exitNoting(p, t, a, missing));
        }));
        k.run(1e9);
        assertTrue(k.counters().get(SpfEvent.VMA_CHANGED) > 0,
                "the faulter's VMA is vm_next of every VMA the unmapper splits: " + k.counters().get(SpfEvent.SPF));
        assertTrue(missing.isEmpty(), "aborted faults fell back and mapped their pages: missing " + missing);
        assertEquals(512, k.counters().get(FaultEvent.ANON));
        assertTrue(k.checkInvariants(true).isEmpty());
    }
}
