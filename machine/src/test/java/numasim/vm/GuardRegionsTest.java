package numasim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import numasim.vm.GuardEvent;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class GuardRegionsTest {
    private static final long PAGE = 4096;
    private static final int RW = Vma.VM_READ | Vma.VM_WRITE;

    private static Kernel run(String features, BiConsumer<Process, Pthread> body) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse(features), 1);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> body.accept(p, t));
        k.run(1e11);
        return k;
    }

    private static void touch(Process p, Pthread t, long addr, long len, long off, Runnable k) {
        Touching.touch(p, t, addr, len, off, k);
    }

    @Test
    void installZapsPopulatedPagesThenATouchOfAGuardIsSigsegv() {
        long[] r = new long[2];
        RuntimeException e = assertThrows(RuntimeException.class, () -> run("base", (p, t) -> p.mmapAnon(t, 16 * PAGE, RW, a ->
                touch(p, t, a, 16 * PAGE, 0, () -> p.madviseGuardInstall(t, a + 4 * PAGE, 4 * PAGE, x -> {
                    r[0] = x;
                    r[1] = p.mm().rssAnon();
                    touch(p, t, a, 4 * PAGE, 0, () -> touch(p, t, a + 5 * PAGE, PAGE, 0, () -> p.exit(t)));
                })))));
        assertEquals(0, r[0]);
        assertTrue(e.getMessage().contains("SIGSEGV (segfault) at"), e.toString());
    }

    @Test
    void markersSurviveDontneedAndForkAndGoWithRemove() {
        List<Long> results = new ArrayList<>();
        Kernel k = run("base", (p, t) -> p.mmapAnon(t, 16 * PAGE, RW, a -> p.madviseGuardInstall(t, a, 2 * PAGE, i -> {
            results.add(i);
            p.madviseDontneed(t, a, 16 * PAGE, d -> p.madviseGuardRemove(t, a, PAGE, rm -> {
                results.add(rm);
                // the first page is usable again, the second is still a guard
                touch(p, t, a, PAGE, 0, () -> {
                    results.add(p.mm().pt.get((a + PAGE) >>> 12) == Pte.GUARD ? 1L : 0L);
                    p.exit(t);
                });
            }));
        })));
        assertEquals(List.of(0L, 0L, 1L), results);
        assertEquals(2, k.counters().get(GuardEvent.INSTALLED_PAGES));
        assertEquals(0, k.counters().get(GuardEvent.INSTALL_ZAPS), "nothing was populated");
    }

    @Test
    void installRefusesLockedFileAndHugetlbVmasRemoveAcceptsLocked() {
        List<Long> results = new ArrayList<>();
        run("base", (p, t) -> {
            File f = p.env().createFile("f", true, 16 * PAGE);
            p.mmapAnon(t, 16 * PAGE, RW, a -> p.mmapFile(t, f, 0, 16 * PAGE, RW | Vma.VM_SHARED, s -> p.mlock(t, a, 8 * PAGE, l -> {
                p.madviseGuardInstall(t, a, 4 * PAGE, r1 -> {
                    results.add(r1); // locked: EINVAL
                    p.madviseGuardRemove(t, a, 4 * PAGE, r2 -> {
                        results.add(r2); // remove on locked: allowed
                        p.madviseGuardInstall(t, s, 4 * PAGE, r3 -> {
                            results.add(r3); // file mapping: EINVAL
                            p.madviseGuardInstall(t, a + 8 * PAGE + 1, PAGE, r4 -> {
                                results.add(r4); // misaligned: EINVAL
                                p.madviseGuardInstall(t, a + 8 * PAGE, 4 * PAGE, r5 -> {
                                    results.add(r5); // unlocked part: fine
                                    p.madviseGuardInstall(t, 0x10000000L, PAGE, r6 -> {
                                        results.add(r6); // nothing mapped: ENOMEM
                                        p.exit(t);
                                    });
                                });
                            });
                        });
                    });
                });
            })));
        });
        assertEquals(List.of(-22L, 0L, -22L, -22L, 0L, -12L), results);
    }

    @Test
    void aHugePmdAbortsTheWalkAndIsZappedBeforeTheMarkersGoIn() {
        long huge = 512 * PAGE;
        long[] r = new long[3];
        Kernel k = run("thp", (p, t) -> p.mmapAnon(t, 4 * huge, RW, a -> {
            long base = (a + huge - 1) & -huge;
            touch(p, t, base, PAGE, 0, () -> {
                r[0] = p.mm().pageTable().hugeMappings();
                p.madviseGuardInstall(t, base, 2 * PAGE, x -> {
                    r[1] = x;
                    r[2] = p.mm().pageTable().hugeMappings();
                    p.exit(t);
                });
            });
        }));
        assertEquals(1, r[0], "the touch mapped a huge page");
        assertEquals(0, r[1]);
        assertEquals(0, r[2], "the huge page was split and its first pages zapped");
        assertTrue(k.counters().get(GuardEvent.INSTALL_ZAPS) >= 1);
    }
}
