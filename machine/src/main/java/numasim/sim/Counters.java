package numasim.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Named kernel event counters (perf-style software events) and accumulated times. Names are stable, so
 * the metrics file of two runs can be compared line by line.
 */
public final class Counters {
    private final TreeMap<String, long[]> counts = new TreeMap<>();
    private final TreeMap<String, double[]> times = new TreeMap<>();

    /** A handle to one counter, to avoid a map look-up on hot paths. */
    public long[] counter(String name) {
        return counts.computeIfAbsent(name, n -> new long[1]);
    }

    public void add(String name, long delta) {
        counter(name)[0] += delta;
    }

    public long get(String name) {
        long[] c = counts.get(name);
        return c == null ? 0 : c[0];
    }

    public double[] time(String name) {
        return times.computeIfAbsent(name, n -> new double[1]);
    }

    public double getTime(String name) {
        double[] t = times.get(name);
        return t == null ? 0 : t[0];
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
}
