package numasim.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import numasim.coherence.Coherence;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.topology.Topology;

class BuddyAllocatorTest {
    private static final int MAX_ORDER = 11;

    private static Zone zone(int pages) {
        MachineSpec spec = MachineSpecs.load("two-node-test");
        return new Zone(0, Zone.Type.NORMAL, 0, pages, MAX_ORDER, new Coherence(new Topology(spec), spec.costs(), new numasim.sim.Streams(1).get("coherence")));
    }

    @Test
    void allocatingOnePageSplitsATopBlockIntoOneFreeBlockPerLowerOrder() {
        Zone z = zone(4 << 10);
        int idx = z.allocBlock(0);
        assertEquals(0, idx);
        for (int k = 0; k < MAX_ORDER - 1; k++) {
            assertEquals(1, z.freeBlocks(k), "one free block of order " + k + " after splitting");
        }
        assertEquals(3, z.freeBlocks(MAX_ORDER - 1), "three untouched top blocks remain");
        assertTrue(z.check().isEmpty(), z.check().toString());
    }

    @Test
    void freeingMergesBuddiesBackIntoTheTopBlock() {
        Zone z = zone(1 << 10);
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < 1 << 10; i++) {
            pages.add(z.allocBlock(0));
        }
        assertEquals(0, z.freePages());
        for (int p : pages) {
            z.freeBlock(p, 0);
        }
        assertEquals(1, z.freeBlocks(MAX_ORDER - 1));
        for (int k = 0; k < MAX_ORDER - 1; k++) {
            assertEquals(0, z.freeBlocks(k), "nothing left unmerged at order " + k);
        }
        assertTrue(z.check().isEmpty(), z.check().toString());
    }

    @Test
    void randomAllocationAndFreeConserveFramesAndCoalesceCompletely() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            Zone z = zone(8 << 10);
            List<int[]> held = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                if (held.isEmpty() || r.nextInt(100) < 55) {
                    int ord = r.nextInt(100) < 70 ? 0 : r.nextInt(MAX_ORDER);
                    int idx = z.allocBlock(ord);
                    if (idx >= 0) {
                        assertEquals(0, idx & ((1 << ord) - 1), "blocks are aligned to their order");
                        held.add(new int[] {idx, ord});
                    }
                } else {
                    int[] b = held.remove(r.nextInt(held.size()));
                    z.freeBlock(b[0], b[1]);
                }
                if (step % 100 == 0) {
                    assertTrue(z.check().isEmpty(), "seed " + seed + " step " + step + ": " + z.check());
                }
                long allocated = held.stream().mapToLong(b -> 1L << b[1]).sum();
                assertEquals(allocated, z.allocatedPages());
                assertEquals(8 << 10, z.freePages() + z.allocatedPages());
            }
            for (int[] b : held) {
                z.freeBlock(b[0], b[1]);
            }
            assertTrue(z.check().isEmpty(), z.check().toString());
            assertEquals(8, z.freeBlocks(MAX_ORDER - 1), "seed " + seed + ": everything coalesced back to top-order blocks");
        }
    }

    @Test
    void blocksNeverOverlap() {
        Random r = new Random(7);
        Zone z = zone(2 << 10);
        boolean[] used = new boolean[2 << 10];
        for (int i = 0; i < 500; i++) {
            int ord = r.nextInt(4);
            int idx = z.allocBlock(ord);
            if (idx < 0) {
                break;
            }
            for (int p = idx; p < idx + (1 << ord); p++) {
                assertTrue(!used[p], "frame " + p + " handed out twice");
                used[p] = true;
            }
        }
    }

    @Test
    void doubleFreeFailsLoudly() {
        Zone z = zone(1 << 10);
        int idx = z.allocBlock(0);
        z.freeBlock(idx, 0);
        org.junit.jupiter.api.Assertions.assertThrows(numasim.sim.InvariantViolation.class, () -> z.freeBlock(idx, 0));
    }
}
