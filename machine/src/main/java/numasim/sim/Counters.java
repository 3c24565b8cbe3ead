package numasim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's kernel event counters (perf-style software events) and accumulated times, every one
 * declared by an {@link Event} enum and registered at boot at 0. Names are stable, so the metrics file
 * of two runs can be compared line by line.
 */
public final class Counters {
    private final TreeMap<String, long[]> counts = new TreeMap<>();
    private final TreeMap<String, double[]> times = new TreeMap<>();
    private final TreeMap<String, Event> events = new TreeMap<>();
    private final int nodes;

    /** Counters of a machine with {@code nodes} NUMA nodes (per-node events get one counter each). */
    public Counters(int nodes) {
        this.nodes = nodes;
    }

    /** Registers every event of {@code enums} at 0 (boot: each subsystem's events). */
    @SafeVarargs
    public final void register(Class<? extends Event>... enums) {
        for (Class<? extends Event> c : enums) {
            for (Event e : c.getEnumConstants()) {
                register(e);
            }
        }
    }

    /** Registers one event at 0; registering it again is a no-op. */
    public void register(Event e) {
        if (e.perNode()) {
            for (int n = 0; n < nodes; n++) {
                declare(e, e.key() + n);
            }
        } else {
            declare(e, e.key());
        }
    }

    private void declare(Event e, String key) {
        Event other = events.putIfAbsent(key, e);
        if (other != null && other != e) {
            throw new IllegalStateException("two events are named " + key + ": " + other + " and " + e);
        }
        if (e.unit() == Event.Unit.NS) {
            times.putIfAbsent(key, new double[1]);
        } else {
            counts.putIfAbsent(key, new long[1]);
        }
    }

    /** A handle to one counter, to avoid a map look-up on hot paths. */
    public long[] counter(Event e) {
        return handle(counts, e.key(), e);
    }

    /** The counter of per-node event {@code e} for node {@code node}. */
    public long[] counter(Event e, int node) {
        return handle(counts, e.key() + node, e);
    }

    /** A handle to one accumulated time (ns). */
    public double[] time(Event e) {
        return handle(times, e.key(), e);
    }

    private static <T> T handle(Map<String, T> m, String key, Event e) {
        T h = m.get(key);
        if (h == null) {
            throw new IllegalStateException("event " + key + " (" + e + ") was not registered at boot");
        }
        return h;
    }

    public void add(Event e, long delta) {
        counter(e)[0] += delta;
    }

    /** A counter's value by name (0 if there is none). */
    public long get(String name) {
        long[] c = counts.get(name);
        return c == null ? 0 : c[0];
    }

    public long get(Event e) {
        return counter(e)[0];
    }

    public double getTime(Event e) {
        return time(e)[0];
    }

    public Map<String, Long> countsSnapshot() {
        TreeMap<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    public Map<String, Double> timesSnapshot() {
        TreeMap<String, Double> m = new TreeMap<>();
        times.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    /** Every registered event, by name (the counter dictionary). */
    public Map<String, Event> dictionary() {
        return Collections.unmodifiableMap(events);
    }

    /** Every event enum a kernel registers at boot, for listings (numasim list counters). */
    public static List<Event> all(List<Class<? extends Event>> enums) {
        List<Event> l = new ArrayList<>();
        enums.forEach(c -> l.addAll(List.of(c.getEnumConstants())));
        return l;
    }
}
