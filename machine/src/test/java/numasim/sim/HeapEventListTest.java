package numasim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nl.tudelft.simulation.dsol.SimRuntimeException;

/** The event heap and the kernel's whole-nanosecond clock. */
class HeapEventListTest {
    private static NsEvent event(long time, long id, List<Long> log) {
        return new NsEvent(time, id, () -> log.add(id));
    }

    @Test
    void eventsComeOutByTimeThenCreationOrder() {
        HeapEventList heap = new HeapEventList();
        List<Long> log = new ArrayList<>();
        heap.add(event(30, 1, log));
        heap.add(event(10, 2, log));
        heap.add(event(20, 3, log));
        heap.add(event(10, 4, log)); // same time as id 2: after it
        assertEquals(10, heap.firstTime());
        List<Long> ids = new ArrayList<>();
        while (!heap.isEmpty()) {
            ids.add(heap.removeFirst().getId());
        }
        assertEquals(List.of(2L, 4L, 3L, 1L), ids);
        assertNull(heap.removeFirst());
        assertEquals(Long.MAX_VALUE, heap.firstTime());
    }

    @Test
    void manyEventsInRandomOrderComeOutSortedAndRemoveTakesOneOut() {
        HeapEventList heap = new HeapEventList();
        Random r = new Random(7);
        List<Long> log = new ArrayList<>();
        List<NsEvent> all = new ArrayList<>();
        for (long id = 1; id <= 5000; id++) { // beyond the initial capacity of 1024
            NsEvent e = event(r.nextInt(1000), id, log);
            all.add(e);
            heap.add(e);
        }
        NsEvent gone = all.get(1234);
        assertTrue(heap.contains(gone));
        assertTrue(heap.remove(gone));
        assertFalse(heap.contains(gone));
        assertEquals(4999, heap.size());
        long lastTime = -1;
        long lastId = -1;
        while (!heap.isEmpty()) {
            var e = heap.removeFirst();
            long t = e.getAbsoluteExecutionTime();
            assertTrue(t > lastTime || t == lastTime && e.getId() > lastId, "heap order at " + t + "/" + e.getId());
            lastTime = t;
            lastId = e.getId();
        }
    }

    @Test
    void anEventAskedForAtAFractionalTimeRunsAtTheNextWholeNanosecond() {
        Sim sim = new Sim("heap-test", 1);
        List<Double> at = new ArrayList<>();
        sim.at(10.2, () -> at.add(sim.now()));
        sim.at(10.0, () -> at.add(sim.now()));
        sim.after(0.5, () -> at.add(sim.now()));
        sim.runUntilIdle(1e6);
        assertEquals(List.of(1.0, 10.0, 11.0), at, "ceil(0.5) = 1, 10 stays 10, ceil(10.2) = 11");
        assertEquals(11, sim.nowNs());
    }

    @Test
    void theClockNeverGoesBackAndEventsBeyondTheLimitWait() {
        Sim sim = new Sim("heap-test-2", 1);
        List<Double> at = new ArrayList<>();
        sim.at(100, () -> {
            at.add(sim.now());
            assertThrows(SimRuntimeException.class, () -> sim.at(98.9, () -> { }), "no event before the clock (99 < 100)");
            sim.at(99.5, () -> at.add(sim.now())); // within the current nanosecond: it runs now
            sim.at(100, () -> at.add(sim.now())); // the same nanosecond is fine
        });
        sim.at(5000, () -> at.add(sim.now()));
        sim.runUntilIdle(1000);
        assertEquals(List.of(100.0, 100.0, 100.0), at);
        assertTrue(sim.hasPendingEvents(), "the event at 5 us is beyond the 1 us limit");
    }
}
