package numasim.mm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.vm.Vma;

class FootprintTest {
    /** Frame state is allocated per section as memory is handed out: 768 GB installed, a few MiB touched. */
    @Test
    void memoryTrackedGrowsWithMemoryTouchedNotInstalled() {
        Kernel k = new Kernel(MachineSpecs.load("skylake-4s-192"), 1);
        long installed = 768L << 30 >> 12;
        assertTrue(k.trackedFrames() < 200_000, "booted: " + k.trackedFrames() + " frames tracked of " + installed);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> p.mmapAnon(t, 64L << 20, Vma.VM_READ | Vma.VM_WRITE, a -> touch(p, t, a, 0, () -> p.exit(t))));
        k.run(1e10);
        assertTrue(k.trackedFrames() < installed / 500, "after touching 64 MiB: " + k.trackedFrames() + " frames tracked");
    }

    private static void touch(Process p, numasim.user.Pthread t, long a, int i, Runnable k) {
        for (; i < (64 << 20) / 4096; i++) {
            int at = i;
            if (!p.access(t, a + (long) i * 4096, true, () -> touch(p, t, a, at, k))) {
                return;
            }
        }
        t.sync(k);
    }
}
