package numasim.vm;

import static numasim.vm.Userfaultfd.EBUSY;
import static numasim.vm.Userfaultfd.EEXIST;
import static numasim.vm.Userfaultfd.EFAULT;
import static numasim.vm.Userfaultfd.EINVAL;
import static numasim.vm.Userfaultfd.ENOENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import numasim.mm.MmEvent;
import numasim.vm.FaultEvent;
import numasim.vm.UffdEvent;

import org.junit.jupiter.api.Test;

import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.kernel.Process;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

class UserfaultfdTest {
    private static final long PAGE = 4096;
    private static final long ALL = Userfaultfd.FEATURE_MINOR_SHMEM | Userfaultfd.FEATURE_MISSING_SHMEM | Userfaultfd.FEATURE_THREAD_ID;

    /** Runs {@code body} on a thread of a fresh process with 64 KiB of anonymous memory mapped at a[0]. */
    private static Kernel run(BiConsumer<Process, Pthread> body) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), KernelFeatures.parse("base"), 1);
        Process p = k.spawn("t", 0);
        p.start("t", 0, t -> body.accept(p, t));
        k.run(1e11);
        return k;
    }

    /** A chain of ioctls with their expected results, each checked before the next runs. */
    private static final class Expect {
        final List<String> failures = new ArrayList<>();

        void is(String what, long expected, long got) {
            if (expected != got) {
                failures.add(what + ": expected " + expected + ", got " + got);
            }
        }
    }

    @Test
    void theApiHandshakeTakesUffdApiOnceWithKnownFeatures() {
        Expect e = new Expect();
        run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING, r -> {
                e.is("register before UFFDIO_API", EINVAL, r);
                e.is("wrong api", EINVAL, u.api(t, 0xAB, 0));
                e.is("an event feature the model does not have", EINVAL, u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_EVENT_FORK));
                e.is("an unknown feature bit", EINVAL, u.api(t, Userfaultfd.UFFD_API, 1L << 20));
                e.is("handshake", 0, u.api(t, Userfaultfd.UFFD_API, ALL));
                e.is("a second handshake", EINVAL, u.api(t, Userfaultfd.UFFD_API, 0));
                p.exit(t);
            }));
        });
        assertTrue(e.failures.isEmpty(), e.failures.toString());
    }

    @Test
    void everyRegistrationEinvalPathAndEbusy() {
        Expect e = new Expect();
        Kernel[] kk = new Kernel[1];
        kk[0] = run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            Userfaultfd other = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_MISSING_SHMEM);
            other.api(t, Userfaultfd.UFFD_API, ALL);
            File f = p.env().createFile("shm", true, 16 * PAGE);
            Mm mm = p.mm();
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> p.mmapFile(t, f, 0, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, s -> {
                List<long[]> cases = List.of(
                        new long[] {a, 16 * PAGE, 0, EINVAL},                               // no mode
                        new long[] {a, 16 * PAGE, 1 << 3, EINVAL},                          // unknown mode bit
                        new long[] {a + 1, 16 * PAGE, Userfaultfd.MODE_MISSING, EINVAL},    // start not page aligned
                        new long[] {a, 100, Userfaultfd.MODE_MISSING, EINVAL},              // length not page aligned
                        new long[] {a, 0, Userfaultfd.MODE_MISSING, EINVAL},                // empty range
                        new long[] {PAGE, PAGE, Userfaultfd.MODE_MISSING, EINVAL},          // below mmap_min_addr
                        new long[] {1L << 47, PAGE, Userfaultfd.MODE_MISSING, EINVAL},      // beyond TASK_SIZE
                        new long[] {0x10000000L, PAGE, Userfaultfd.MODE_MISSING, EINVAL},   // nothing mapped there
                        new long[] {s, 16 * PAGE, Userfaultfd.MODE_WP, EINVAL},             // WP only on anonymous memory
                        new long[] {a, 16 * PAGE, Userfaultfd.MODE_MINOR, EINVAL},          // MINOR never on anonymous memory
                        new long[] {s, 16 * PAGE, Userfaultfd.MODE_MINOR, EINVAL});         // MINOR on shmem needs the feature
                check(e, t, u, mm, cases, 0, () -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING | Userfaultfd.MODE_WP, r -> {
                    e.is("MISSING|WP on anonymous memory gives WAKE, COPY, ZEROPAGE, WRITEPROTECT", Userfaultfd.IOCTL_WAKE | Userfaultfd.IOCTL_COPY
                            | Userfaultfd.IOCTL_ZEROPAGE | Userfaultfd.IOCTL_WRITEPROTECT, r);
                    other.register(t, a, 4 * PAGE, Userfaultfd.MODE_MISSING, r2 -> {
                        e.is("a range another userfaultfd holds", EBUSY, r2);
                        other.register(t, s, 16 * PAGE, Userfaultfd.MODE_MINOR, r3 -> {
                            e.is("MINOR on shmem with UFFD_FEATURE_MINOR_SHMEM", Userfaultfd.IOCTL_WAKE | Userfaultfd.IOCTL_COPY
                                    | Userfaultfd.IOCTL_ZEROPAGE | Userfaultfd.IOCTL_CONTINUE, r3);
                            u.unregister(t, a + 1, PAGE, r4 -> {
                                e.is("unregister, misaligned", EINVAL, r4);
                                u.unregister(t, a, 16 * PAGE, r5 -> {
                                    e.is("unregister", 0, r5);
                                    e.is("flags cleared", 0, mm.vmaAt(a).flags() & Vma.VM_UFFD_FLAGS);
                                    p.exit(t);
                                });
                            });
                        });
                    });
                }));
            }));
        });
        assertTrue(e.failures.isEmpty(), e.failures.toString());
    }

    private static void check(Expect e, Pthread t, Userfaultfd u, Mm mm, List<long[]> cases, int i, Runnable then) {
        if (i == cases.size()) {
            then.run();
            return;
        }
        long[] c = cases.get(i);
        u.register(t, c[0], c[1], c[2], r -> {
            e.is("register case " + i, c[3], r);
            check(e, t, u, mm, cases, i + 1, then);
        });
    }

    @Test
    void theUffdVmaFlagsAreDistinctFromEachOtherAndFromVmLocked() {
        int[] flags = {Vma.VM_READ, Vma.VM_WRITE, Vma.VM_EXEC, Vma.VM_SHARED, Vma.VM_UFFD_MISSING, Vma.VM_UFFD_WP, Vma.VM_UFFD_MINOR, Vma.VM_LOCKED};
        for (int i = 0; i < flags.length; i++) {
            assertEquals(1, Integer.bitCount(flags[i]));
            for (int j = i + 1; j < flags.length; j++) {
                assertEquals(0, flags[i] & flags[j], "flags " + i + " and " + j + " collide");
            }
        }
        assertNotEquals(0x2000, Vma.VM_UFFD_MINOR, "the seed's v5 value, VM_LOCKED's bit");
    }

    @Test
    void aMissingFaultSleepsUntilUffdioCopyAndNeverFindsAPage() {
        List<Userfaultfd.Msg> msgs = new ArrayList<>();
        long[] before = new long[3];
        Kernel k = run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_THREAD_ID);
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING, r -> {
                // the handler thread: read one message, resolve it with a copy
                p.start("handler", 1, h -> u.read(h, m -> {
                    msgs.add(m);
                    before[0] = p.env().vmstat(MmEvent.PGALLOC);
                    before[1] = Pte.present(p.mm().pt.get(m.address() >>> 12)) ? 1 : 0;
                    u.copy(h, m.address(), PAGE, 0, c -> {
                        before[2] = c;
                        p.exit(h);
                    });
                }));
                int[] value = {0};
                touch(p, t, a + 5 * PAGE + 8, () -> {
                    value[0] = 1;
                    p.exit(t);
                });
            }));
        });
        assertEquals(1, msgs.size());
        Userfaultfd.Msg m = msgs.get(0);
        assertEquals(Userfaultfd.FLAG_WRITE, m.flags(), "a write to a missing page: WRITE, no WP, no MINOR");
        assertTrue(m.tid() > 0, "UFFD_FEATURE_THREAD_ID gives the faulting thread");
        assertEquals(0, before[1], "nothing was mapped when the fault was reported");
        assertEquals(0, before[2], "UFFDIO_COPY succeeded");
        assertEquals(1, k.counters().get(UffdEvent.FAULTS));
        assertEquals(1, k.counters().get(UffdEvent.COPY_PAGES));
        assertEquals(0, k.counters().get(FaultEvent.ANON), "the kernel never allocated the page itself");
    }

    @Test
    void theFaulterWakesTheSleepingReaderWithARescheduleIpi() {
        long[] atRead = {0};
        Kernel k = run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, 0);
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING, r -> {
                // the handler is asleep in read(2) on an idle CPU before the fault comes
                p.start("handler", 1, h -> u.read(h, m -> {
                    atRead[0] = p.env().vmstat(numasim.cpu.IpiEvent.RESCHED);
                    u.copy(h, m.address(), PAGE, 0, c -> p.exit(h));
                }));
                p.nanosleep(t, 100_000, () -> touch(p, t, a, () -> p.exit(t)));
            }));
        });
        assertEquals(1, atRead[0], "handle_userfault's wake_up_poll sent the reader's CPU one reschedule IPI");
        assertEquals(2, k.counters().get(numasim.cpu.IpiEvent.RESCHED), "and UFFDIO_COPY's wake-up of the faulter a second");
    }

    /** Writes {@code addr}, retrying after faults; then {@code k}. */
    private static void touch(Process p, Pthread t, long addr, Runnable k) {
        if (p.access(t, addr, true, () -> touch(p, t, addr, k))) {
            t.sync(k);
        }
    }

    @Test
    void everyResolutionIoctlChecksItsRange() {
        Expect e = new Expect();
        run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, ALL);
            Mm mm = p.mm();
            File f = p.env().createFile("shm", true, 16 * PAGE);
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> p.mmapAnon(t, 16 * PAGE, Vma.VM_READ, plain -> p.mmapFile(t, f, 0,
                    16 * PAGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, s -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING, r0 ->
                    u.register(t, s, 8 * PAGE, Userfaultfd.MODE_MINOR, r1 -> u.copy(t, a + 1, PAGE, 0, c1 -> {
                        e.is("copy misaligned", EINVAL, c1);
                        u.copy(t, a, PAGE, 1 << 5, c2 -> {
                            e.is("copy bad mode", EINVAL, c2);
                            u.copy(t, plain, PAGE, 0, c3 -> {
                                e.is("copy outside a registered range", ENOENT, c3);
                                u.copy(t, a, 2 * PAGE, 0, c4 -> {
                                    e.is("copy", 0, c4);
                                    u.copy(t, a + PAGE, PAGE, 0, c5 -> {
                                        e.is("copy over a present page", EEXIST, c5);
                                        u.zeropage(t, a, 100, 0, z1 -> {
                                            e.is("zeropage misaligned", EINVAL, z1);
                                            u.zeropage(t, a + 4 * PAGE, PAGE, 0, z2 -> {
                                                e.is("zeropage", 0, z2);
                                                u.cont(t, a + 8 * PAGE, PAGE, 0, n1 -> {
                                                    e.is("continue on a MISSING-only range", EINVAL, n1);
                                                    u.cont(t, s, PAGE, 0, n2 -> {
                                                        e.is("continue on a page not in the page cache", EFAULT, n2);
                                                        u.cont(t, s + 1, PAGE, 0, n3 -> {
                                                            e.is("continue misaligned", EINVAL, n3);
                                                            u.writeprotect(t, a, PAGE, Userfaultfd.MODE_WP_SET, w1 -> {
                                                                e.is("writeprotect on a range without WP", ENOENT, w1);
                                                                u.writeprotect(t, a, PAGE, Userfaultfd.MODE_WP_SET | Userfaultfd.MODE_WP_DONTWAKE, w2 -> {
                                                                    e.is("writeprotect set with dontwake", EINVAL, w2);
                                                                    e.is("wake misaligned", EINVAL, u.wake(t, a, 3));
                                                                    e.is("wake", 0, u.wake(t, a, PAGE));
                                                                    p.exit(t);
                                                                });
                                                            });
                                                        });
                                                    });
                                                });
                                            });
                                        });
                                    });
                                });
                            });
                        });
                    }))))));
        });
        assertTrue(e.failures.isEmpty(), e.failures.toString());
    }

    @Test
    void aMinorFaultFindsThePageCachePageAndContinueMapsItWithoutAllocating() {
        List<Userfaultfd.Msg> msgs = new ArrayList<>();
        long[] alloc = new long[2];
        Kernel k = run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_MINOR_SHMEM);
            File f = p.env().createFile("guest-ram", true, 16 * PAGE);
            Mm mm = p.mm();
            // the second mapping fills the file; the registered one has no PTEs yet
            p.mmapFile(t, f, 0, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, fill -> touch(p, t, fill + 3 * PAGE, () ->
                    p.mmapFile(t, f, 0, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, s -> u.register(t, s, 16 * PAGE,
                            Userfaultfd.MODE_MINOR, r -> {
                                p.start("handler", 1, h -> u.read(h, m -> {
                                    msgs.add(m);
                                    alloc[0] = p.env().vmstat(MmEvent.PGALLOC);
                                    u.cont(h, m.address(), PAGE, 0, c -> {
                                        alloc[1] = p.env().vmstat(MmEvent.PGALLOC);
                                        p.exit(h);
                                    });
                                }));
                                touch(p, t, s + 3 * PAGE, () -> p.exit(t));
                            }))));
        });
        assertEquals(1, msgs.size());
        assertEquals(Userfaultfd.FLAG_MINOR | Userfaultfd.FLAG_WRITE, msgs.get(0).flags());
        assertEquals(alloc[0], alloc[1], "UFFDIO_CONTINUE allocates nothing");
        assertEquals(1, k.counters().get(UffdEvent.CONTINUE_PAGES));
    }

    @Test
    void writeProtectedPagesFaultToTheHandlerUntilProtectionIsCleared() {
        List<Userfaultfd.Msg> msgs = new ArrayList<>();
        run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_PAGEFAULT_FLAG_WP);
            Mm mm = p.mm();
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> touch(p, t, a, () -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_WP,
                    r -> u.writeprotect(t, a, 16 * PAGE, Userfaultfd.MODE_WP_SET, w -> {
                        p.start("handler", 1, h -> u.read(h, m -> {
                            msgs.add(m);
                            u.writeprotect(h, a, 16 * PAGE, 0, c -> p.exit(h));
                        }));
                        touch(p, t, a + 8, () -> p.exit(t));
                    }))));
        });
        assertEquals(1, msgs.size());
        assertEquals(Userfaultfd.FLAG_WP | Userfaultfd.FLAG_WRITE, msgs.get(0).flags(), "exactly one reason: WP");
    }

    @Test
    void withTheSigbusFeatureAMissingFaultKillsTheThread() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> run((p, t) -> {
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_SIGBUS);
            p.mmapAnon(t, 16 * PAGE, Vma.VM_READ | Vma.VM_WRITE, a -> u.register(t, a, 16 * PAGE, Userfaultfd.MODE_MISSING,
                    r -> touch(p, t, a, () -> p.exit(t))));
        }));
        assertTrue(e.getMessage().contains("SIGBUS (bus error) at"), "the thread dies of the signal: " + e);
    }

    private static final long HUGE = 512 * PAGE;

    @Test
    void hugetlbfsFaultsMapWholePoolPagesAndMinorFaultsContinueWithoutAllocating() {
        Expect e = new Expect();
        List<Userfaultfd.Msg> msgs = new ArrayList<>();
        long[] pool = new long[4];
        run((p, t) -> {
            e.is("reserved", 8, p.env().reserveHugepages(0, 8));
            File f = p.env().createHugetlbFile("guest-ram", 4 * HUGE);
            Userfaultfd u = p.userfaultfd(t);
            u.api(t, Userfaultfd.UFFD_API, Userfaultfd.FEATURE_MINOR_HUGETLBFS);
            Mm mm = p.mm();
            int rw = Vma.VM_READ | Vma.VM_WRITE;
            p.mmapFile(t, f, 0, 3 * PAGE, rw | Vma.VM_SHARED, bad -> {
                e.is("mmap of hugetlbfs not a multiple of the huge page size", Userfaultfd.EINVAL, bad);
                p.mmapFile(t, f, 0, 4 * HUGE, rw | Vma.VM_SHARED, fill -> touch(p, t, fill + HUGE + 5 * PAGE, () -> {
                    pool[0] = p.env().freeHugepages(0);
                    p.mmapFile(t, f, 0, 4 * HUGE, rw | Vma.VM_SHARED, g -> u.register(t, g + PAGE, HUGE, Userfaultfd.MODE_MINOR, r0 -> {
                        e.is("register misaligned to the huge page", Userfaultfd.EINVAL, r0);
                        u.register(t, g, 4 * HUGE, Userfaultfd.MODE_WP, r1 -> {
                            e.is("WP on hugetlbfs", Userfaultfd.EINVAL, r1);
                            u.register(t, g, 4 * HUGE, Userfaultfd.MODE_MINOR | Userfaultfd.MODE_MISSING, r2 -> {
                                e.is("MINOR|MISSING on hugetlbfs: no ZEROPAGE", Userfaultfd.IOCTL_WAKE | Userfaultfd.IOCTL_COPY
                                        | Userfaultfd.IOCTL_CONTINUE, r2);
                                p.start("handler", 1, hd -> u.read(hd, m -> {
                                    msgs.add(m);
                                    u.zeropage(hd, m.address(), HUGE, 0, z -> {
                                        e.is("ZEROPAGE on hugetlbfs", Userfaultfd.EINVAL, z);
                                        u.cont(hd, m.address(), PAGE, 0, c0 -> {
                                            e.is("CONTINUE of less than a huge page", Userfaultfd.EINVAL, c0);
                                            u.cont(hd, m.address(), HUGE, 0, c1 -> {
                                                e.is("CONTINUE", 0, c1);
                                                pool[1] = p.env().freeHugepages(0);
                                                u.cont(hd, m.address() + HUGE, HUGE, 0, c2 -> {
                                                    e.is("CONTINUE of a huge page not in the file", Userfaultfd.EFAULT, c2);
                                                    u.copy(hd, m.address() + 2 * HUGE, HUGE, 0, c3 -> {
                                                        e.is("COPY into the pool", 0, c3);
                                                        pool[2] = p.env().freeHugepages(0);
                                                        u.copy(hd, m.address(), HUGE, 0, c4 -> {
                                                            e.is("COPY over a mapped huge page", Userfaultfd.EEXIST, c4);
                                                            p.exit(hd);
                                                        });
                                                    });
                                                });
                                            });
                                        });
                                    });
                                }));
                                touch(p, t, g + HUGE + 7 * PAGE, () -> p.exit(t));
                            });
                        });
                    }));
                }));
            });
        });
        assertTrue(e.failures.isEmpty(), e.failures.toString());
        assertEquals(1, msgs.size());
        assertEquals(Userfaultfd.FLAG_MINOR | Userfaultfd.FLAG_WRITE, msgs.get(0).flags());
        assertEquals(0, msgs.get(0).address() % HUGE, "hugetlbfs faults report the huge page's address");
        assertEquals(7, pool[0], "the fill mapping's fault took one pool page");
        assertEquals(pool[0], pool[1], "a minor fault never allocates: CONTINUE maps the file's page");
        assertEquals(pool[1] - 1, pool[2], "UFFDIO_COPY takes a pool page");
    }

    @Test
    void anEmptyPoolMeansSigbus() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> run((p, t) -> {
            File f = p.env().createHugetlbFile("ram", 2 * HUGE);
            p.mmapFile(t, f, 0, 2 * HUGE, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, a -> touch(p, t, a, () -> p.exit(t)));
        }));
        assertTrue(e.getMessage().contains("SIGBUS (bus error) at"), e.toString());
    }
}
