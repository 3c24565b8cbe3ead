package numasim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import numasim.cpu.SchedEvent;
import numasim.vm.SyscallEvent;

import org.junit.jupiter.api.Test;

import numasim.cpu.Task;
import numasim.topology.MachineSpecs;
import numasim.user.Pthread;

/** brk, pipes and signals: what will-it-scale's brk1, context_switch1 and signal1 rely on. */
class SyscallsTest {
    private static final long PAGE = 4096;

    /** pthread_create: the caller pays the system call and clone_path; the thread runs only once clone returned. */
    @Test
    void cloneChargesTheCallerAndStartsTheThreadWhenItReturns() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        double cost = k.spec().costs().ns(numasim.topology.Cost.SYSCALL_ENTRY) + k.spec().costs().ns(numasim.topology.Cost.CLONE_PATH);
        double[] at = new double[3];
        List<Pthread> exited = new ArrayList<>();
        p.start("main", 0, t -> {
            at[0] = ((Task) t).sysNs();
            p.clone(t, "worker", 1, null, w -> {
                at[2] = k.now();
                exited.add(w);
                p.exit(w);
            }, w -> {
                at[1] = ((Task) t).sysNs();
                assertTrue(k.now() >= cost, "clone returned after its cost");
                assertEquals(p, k.processOf(w));
                p.exit(t);
            });
        });
        k.run(1e9);
        assertEquals(cost, at[1] - at[0], 1e-6, "the caller's system time grew by the clone");
        assertTrue(at[2] >= cost, "the new thread ran only after clone returned: " + at[2]);
        assertEquals(1, k.counters().get(SyscallEvent.CLONE));
        assertThrows(IllegalArgumentException.class, () -> k.processOf(exited.get(0)), "an exited thread leaves the task-to-process map");
    }

    /** FUTEX_WAIT sleeps only while the word holds the expected value; FUTEX_WAKE says how many it woke. */
    @Test
    void aFutexWaitSleepsOnlyOnTheExpectedValueAndAWakeCountsItsSleepers() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Futex f = new Futex("w", k);
        Process p = k.spawn("t", 0);
        int[] word = {1};
        List<Object> seen = new ArrayList<>();
        p.start("waiter", 0, t -> f.await(t, () -> word[0] == 2, slept -> {
            seen.add("eagain:" + slept); // the word was 1, not 2: returns at once
            f.await(t, () -> word[0] == 1, slept2 -> {
                seen.add("woken:" + slept2);
                p.exit(t);
            });
        }));
        p.start("waker", 1, t -> p.nanosleep(t, 100_000, () -> {
            word[0] = 3;
            f.wake(t, n -> seen.add("woke:" + n));
        }));
        k.run(1e9);
        assertEquals(List.of("eagain:false", "woke:1", "woken:true"), seen);
        assertEquals(3, k.counters().get(SyscallEvent.FUTEX));
    }

    @Test
    void brkGrowsAndShrinksTheHeapAndRefusesToGoBelowItsStart() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        List<Object> seen = new ArrayList<>();
        p.start("t", 0, t -> p.brk(t, 0, start -> p.brk(t, start + 3 * PAGE, up -> {
            seen.add(up - start);
            seen.add(p.mm().vmaAt(start + 2 * PAGE));
            p.brk(t, start + PAGE, down -> {
                seen.add(down - start);
                seen.add(p.mm().vmaAt(start + 2 * PAGE));
                p.brk(t, start - PAGE, refused -> {
                    seen.add(refused - start);
                    p.exit(t);
                });
            });
        })));
        k.run(1e9);
        assertEquals(3 * PAGE, seen.get(0));
        assertNotNull(seen.get(1), "the heap VMA covers the new break");
        assertEquals(PAGE, seen.get(2));
        assertNull(seen.get(3), "shrinking unmapped the tail");
        assertEquals(PAGE, seen.get(4), "a break below the heap start is refused: brk returns the current one");
        assertEquals(4, k.counters().get(SyscallEvent.BRK));
    }

    @Test
    void aPipeReaderSleepsUntilTheWriterWritesAndEachHandoffSwitchesContext() {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        Process p = k.spawn("t", 0);
        Pipe ping = p.pipe();
        Pipe pong = p.pipe();
        int rounds = 100;
        int[] done = new int[2];
        p.start("a", 0, t -> pingPong(p, t, ping, pong, rounds, done, 0));
        p.start("b", 1, t -> echo(p, t, ping, pong, rounds, done));
        k.run(1e9);
        assertEquals(rounds, done[0]);
        assertEquals(rounds, done[1]);
        long voluntary = k.counters().get(SchedEvent.VOLUNTARY_SWITCHES);
        assertTrue(voluntary >= rounds, "readers of empty pipes slept: " + voluntary);
    }

    private static void pingPong(Process p, Pthread t, Pipe ping, Pipe pong, int rounds, int[] done, int i) {
        if (i == rounds) {
            p.exit(t);
            return;
        }
        ping.write(t, 1, n -> pong.read(t, 1, m -> {
            done[0]++;
            pingPong(p, t, ping, pong, rounds, done, i + 1);
        }));
    }

    private static void echo(Process p, Pthread t, Pipe ping, Pipe pong, int rounds, int[] done) {
        if (done[1] == rounds) {
            p.exit(t);
            return;
        }
        ping.read(t, 1, n -> pong.write(t, 1, m -> {
            done[1]++;
            echo(p, t, ping, pong, rounds, done);
        }));
    }

    /** Signals per task in 1 ms with {@code n} tasks as threads of one process or as n processes. */
    private static double signalsPerTask(int n, boolean threads) {
        Kernel k = new Kernel(MachineSpecs.load("two-node-test"), 1);
        long[] ops = new long[1];
        Process shared = threads ? k.spawn("s", 0) : null;
        for (int i = 0; i < n; i++) {
            Process p = threads ? shared : k.spawn("s" + i, 0);
            p.start("s" + i, i, t -> raiseLoop(k, p, t, ops));
        }
        k.run(1e9);
        return ops[0] / (double) n;
    }

    private static void raiseLoop(Kernel k, Process p, Pthread t, long[] ops) {
        if (k.now() > 1e6) {
            p.exit(t);
            return;
        }
        p.raise(t, 2, () -> {
            ops[0]++;
            raiseLoop(k, p, t, ops);
        });
    }

    @Test
    void threadsRaisingSignalsContendOnTheSharedSiglockProcessesDoNot() {
        double alone = signalsPerTask(1, false);
        double processes = signalsPerTask(8, false);
        double threads = signalsPerTask(8, true);
        assertTrue(alone > 50, "a signal takes microseconds: " + alone + " per ms");
        assertTrue(threads < 0.85 * processes, "threads " + threads + " vs processes " + processes + " per task");
    }
}
