package numasim.hinting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import numasim.hinting.HintingEvent;
import numasim.host.HostEvent;

import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.host.GuestMemory;
import numasim.host.Host;
import numasim.host.HostSpecs;
import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.mm.PageState;
import numasim.mm.Zone;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpecs;

class HintingTest {
    private static Kernel guest(String features) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-guest"), KernelFeatures.parse(features), 1);
        k.attachHost(new Host(HostSpecs.load("host-64g")));
        return k;
    }

    /**
     * A task on a CPU of {@code node} allocates {@code blocks} order-9 blocks there (the guest writes them,
     * so the host backs them), frees them all, then sleeps {@code idleNs} so the hinting work can run.
     */
    private static List<Long> allocFree(Kernel k, int node, int blocks, double idleNs) {
        List<Long> pfns = new ArrayList<>();
        int cpu = 0;
        for (int c = 0; c < k.topology().cpus(); c++) {
            if (k.topology().nodeOf(c) == node) {
                cpu = c;
                break;
            }
        }
        Process p = k.spawn("hog", node);
        p.start("hog", cpu, t -> {
            for (int i = 0; i < blocks; i++) {
                pfns.add(k.mem().allocPages((Task) t, 9, node));
            }
            t.sync(() -> {
                for (long pfn : pfns) {
                    k.mem().freePages((Task) t, pfn, 9);
                }
                p.nanosleep(t, idleNs, () -> p.exit(t));
            });
        });
        return pfns;
    }

    private static long hinted(GuestMemory g, List<Long> pfns) {
        long n = 0;
        for (long pfn : pfns) {
            n += g.hintedFrames(pfn, 512);
        }
        return n;
    }

    @Test
    void bitmapV10IndexesByZoneNumberSoTheSecondNodeIsNeverHinted() {
        Kernel k = guest("hinting=bitmap-v10");
        List<Long> n0 = allocFree(k, 0, 64, 1e9);
        List<Long> n1 = allocFree(k, 1, 64, 1e9);
        k.run(1e11);
        GuestMemory g = k.guestMemory();
        assertTrue(hinted(g, n0) > 0, "node 0's freed blocks are hinted");
        assertEquals(0, hinted(g, n1), "node 1's blocks fall outside every bitmap");
        assertTrue(k.counters().get(HintingEvent.OUTSIDE_BITMAPS) > 0);
        assertTrue(g.residentBytes(1) >= 64L * 512 * 4096, "node 1 stays backed by the host: " + g.residentBytes(1));
    }

    @Test
    void theNumaFixHintsBothNodes() {
        Kernel k = guest("hinting=bitmap-numa");
        List<Long> n0 = allocFree(k, 0, 64, 1e9);
        List<Long> n1 = allocFree(k, 1, 64, 1e9);
        k.run(1e11);
        GuestMemory g = k.guestMemory();
        assertTrue(hinted(g, n0) > 0);
        assertTrue(hinted(g, n1) > 0, "node 1 hinted with node x zone indexing");
        assertTrue(g.residentBytes(1) < 64L * 512 * 4096, "the host dropped node 1's backing: " + g.residentBytes(1));
        assertEquals(0, k.hinting().isolatedPages(), "isolated pages all came back");
        assertTrue(k.hinting().peakIsolatedPages() > 0 && k.hinting().peakIsolatedPages() <= 16 * 1024,
                "at most max_pages blocks isolated at once: " + k.hinting().peakIsolatedPages());
    }

    @Test
    void belowTheThresholdTheBitmapWorkNeverRuns() {
        Kernel k = guest("hinting=bitmap-numa");
        List<Long> n0 = allocFree(k, 0, 8, 1e9);
        k.run(1e11);
        assertEquals(0, hinted(k.guestMemory(), n0), "8 bits set, max_pages is 16: nothing is queued");
        assertEquals(0, k.counters().get(HintingEvent.REPORTED_BLOCKS));
    }

    @Test
    void reportingWaitsTwoSecondsThenReportsEveryFreeBlockMarkingItReported() {
        Kernel k = guest("hinting=reporting");
        List<Long> n1 = allocFree(k, 1, 64, 0.5e9);
        double[] early = new double[1];
        k.sim().at(1.5e9, () -> early[0] = k.counters().get(HintingEvent.REPORTED_BLOCKS));
        k.run(1e12);
        assertEquals(0, early[0], "nothing reported before the 2 s delay");
        GuestMemory g = k.guestMemory();
        assertEquals(64L * 512, hinted(g, n1), "every freed block is reported and discarded");
        long reported = 0;
        for (Zone z : k.mem().zones()) {
            reported += z.reportedPages();
            assertTrue(z.freePagesAtOrAbove(9) - z.reportedPages() < (32L << 9) + z.watermarkLow() + 1024,
                    z.name() + ": reported all but what the watermark check leaves");
        }
        assertTrue(reported > 0);
        assertTrue(k.hinting().latencyMs().getMin() >= 1500, "latency includes the delay: " + k.hinting().latencyMs().getMin());
    }

    @Test
    void allocatingAReportedBlockClearsTheFlagAndRefaultsOnTheHost() {
        Kernel k = guest("hinting=reporting");
        allocFree(k, 1, 4, 0);
        long[] faults = new long[2];
        Process p = k.spawn("late", 1);
        p.start("late", 2, t -> p.nanosleep(t, 30e9, () -> {
            faults[0] = k.counters().get(HostEvent.EPT_FAULTS);
            long pfn = k.mem().allocPages((Task) t, 9, 1);
            Zone z = k.mem().zoneOf(pfn);
            assertEquals(PageState.ALLOCATED, z.state((int) (pfn - z.startPfn)));
            faults[1] = k.counters().get(HostEvent.EPT_FAULTS);
            t.sync(() -> {
                k.mem().freePages((Task) t, pfn, 9);
                p.exit(t);
            });
        }));
        k.run(1e12);
        assertEquals(512, faults[1] - faults[0], "a discarded 2 MiB block refaults page by page on a 4 KiB-backed host");
    }

    @Test
    void zoneIsolationAndPutbackKeepEveryFrameAccountedFor() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-guest"), KernelFeatures.parse("base"), 1);
        Zone z = k.mem().zonesOf(1)[0];
        int a = z.allocBlock(9);
        int b = z.allocBlock(9);
        z.freeBlock(a, 9);
        assertTrue(z.isolate(a, 9));
        assertEquals(PageState.ISOLATED, z.state(a));
        assertEquals(512, z.isolatedPages());
        z.freeBlock(b, 9);
        int ord = z.putback(a, 9, true);
        assertEquals(10, ord, "an isolated block merges with its free buddy when it comes back");
        assertTrue(z.check().isEmpty(), z.check().toString());
        int head = z.lastFreed();
        assertFalse(z.state(head) == PageState.REPORTED);
        z.markReported(head);
        assertEquals(1024, z.reportedPages());
        int c = z.allocBlock(10);
        assertEquals(0, z.reportedPages(), "allocating a Reported block clears the flag");
        z.freeBlock(c, 10);
        assertTrue(z.check().isEmpty(), z.check().toString());
    }

    @Test
    void rotateToFrontMovesTheBlocksBeforeToTheTailInOrder() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-guest"), KernelFeatures.parse("base"), 1);
        Zone z = k.mem().zonesOf(1)[0];
        z.materialize();
        List<Integer> before = new ArrayList<>();
        for (int i = z.freeHead(10); i >= 0; i = z.freeNext(i)) {
            before.add(i);
        }
        z.rotateToFront(before.get(3), 10);
        List<Integer> after = new ArrayList<>();
        for (int i = z.freeHead(10); i >= 0; i = z.freeNext(i)) {
            after.add(i);
        }
        List<Integer> expect = new ArrayList<>(before.subList(3, before.size()));
        expect.addAll(before.subList(0, 3));
        assertEquals(expect, after);
        assertTrue(z.check().isEmpty());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> KernelFeatures.parse("hinting=bitmap-v11"));
        assertTrue(e.getMessage().startsWith("kernel: unknown hinting variant 'bitmap-v11'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new Kernel(MachineSpecs.load("two-node-guest"),
                KernelFeatures.parse("hinting=reporting,hinting_order=11"), 1));
        assertTrue(e.getMessage().contains("above MAX_ORDER-1 (10)"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse("hinting=reporting"), 1));
        assertTrue(e.getMessage().contains("needs a guest machine"), e.getMessage());
        Host small = new Host(HostSpecs.load("host-64g").withMemory("host-4g", 4L << 30));
        Kernel k = new Kernel(MachineSpecs.load("two-node-guest"), KernelFeatures.parse("base"), 1);
        e = assertThrows(ConfigException.class, () -> k.attachHost(small));
        assertTrue(e.getMessage().contains("does not overcommit"), e.getMessage());
    }

    @Test
    void aFullHostSwapsOutResidentGuestPages() {
        Host host = new Host(HostSpecs.load("host-15g").withMemory("host-64m", 64L << 20));
        Kernel k = new Kernel(MachineSpecs.load("two-node-guest"), KernelFeatures.parse("base"), 1);
        k.attachHost(host);
        Process p = k.spawn("hog", 0);
        p.start("hog", 0, t -> {
            List<Long> pfns = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pfns.add(k.mem().allocPages((Task) t, 9, 0));
            }
            t.sync(() -> {
                pfns.forEach(pfn -> k.mem().freePages((Task) t, pfn, 9));
                p.exit(t);
            });
        });
        k.run(1e11);
        assertTrue(host.counters().get(HostEvent.SWAP_OUT) > 0, "80 MiB touched on a 64 MiB host swaps");
        assertTrue(host.peakResidentBytes() <= 64L << 20, "resident never exceeds the host: " + host.peakResidentBytes());
    }
}
