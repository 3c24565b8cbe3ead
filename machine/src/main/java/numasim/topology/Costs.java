package numasim.topology;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import nl.tudelft.simulation.jstats.streams.StreamInterface;

/** One machine's physical cost parameters, each with its source; time values are served in ns. */
public final class Costs {
    private final EnumMap<Cost, Double> values;
    private final EnumMap<Cost, String> sources;
    private final double[] smtThroughput;
    private final double[] ns = new double[Cost.values().length];
    private final double[] lo = new double[Cost.values().length];
    private final double[] hi = new double[Cost.values().length];
    private final EnumMap<Cost, double[]> spreads;
    private final EnumMap<Cost, CostRange> ranges;
    private final EnumMap<Cost, String> outOfRange;

    public Costs(Map<Cost, Double> values, Map<Cost, String> sources, List<Double> smtThroughput) {
        this(values, sources, smtThroughput, Map.of(), Map.of(), Map.of());
    }

    /**
     * @param spreads [low, high] of costs that vary from one event to the next (an IPI's exit cost, a line
     *     transfer): {@link #sample} draws from them
     * @param ranges the physical range of each cost on hardware of this kind, with its source
     * @param outOfRange why a value lies outside its range, where a file says so
     */
    public Costs(Map<Cost, Double> values, Map<Cost, String> sources, List<Double> smtThroughput, Map<Cost, double[]> spreads,
            Map<Cost, CostRange> ranges, Map<Cost, String> outOfRange) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
        this.smtThroughput = smtThroughput.stream().mapToDouble(Double::doubleValue).toArray();
        double ghz = values.get(Cost.CPU_GHZ);
        for (Cost c : Cost.values()) {
            if (c.unit == Cost.Unit.LIST) {
                continue;
            }
            double v = values.get(c);
            double scale = c.unit == Cost.Unit.CYCLES ? 1 / ghz : 1;
            ns[c.ordinal()] = v * scale;
            double[] r = spreads.get(c);
            lo[c.ordinal()] = (r == null ? v : r[0]) * scale;
            hi[c.ordinal()] = (r == null ? v : r[1]) * scale;
        }
        this.spreads = spreads.isEmpty() ? new EnumMap<>(Cost.class) : new EnumMap<>(spreads);
        this.ranges = ranges.isEmpty() ? new EnumMap<>(Cost.class) : new EnumMap<>(ranges);
        this.outOfRange = outOfRange.isEmpty() ? new EnumMap<>(Cost.class) : new EnumMap<>(outOfRange);
    }

    /** One event's cost in ns: uniform over the cost's spread if the preset gives one, else the value. */
    public double sample(Cost c, StreamInterface stream) {
        int i = c.ordinal();
        return lo[i] == hi[i] ? ns[i] : lo[i] + (hi[i] - lo[i]) * stream.nextDouble();
    }

    /** The spread a cost is drawn from event by event, or null (a fixed value). */
    public double[] spread(Cost c) {
        double[] r = spreads.get(c);
        return r == null ? null : r.clone();
    }

    /** The physical range of a cost, or null where the file gives none. */
    public CostRange range(Cost c) {
        return ranges.get(c);
    }

    /** Why the value lies outside its range, or null. */
    public String outOfRange(Cost c) {
        return outOfRange.get(c);
    }

    /** A time cost in ns (cycle figures converted with the clock); other units as given. */
    public double ns(Cost c) {
        return ns[c.ordinal()];
    }

    public double raw(Cost c) {
        return values.get(c);
    }

    public int count(Cost c) {
        return (int) Math.round(values.get(c));
    }

    public String source(Cost c) {
        return sources.get(c);
    }

    /** Copying {@code bytes} with one core's memcpy bandwidth (GB/s is bytes per ns). */
    public double copyNs(double bytes) {
        return bytes / values.get(Cost.COPY_BANDWIDTH);
    }

    public double cyclesToNs(double cycles) {
        return cycles / values.get(Cost.CPU_GHZ);
    }

    /** Relative core throughput with {@code busy} hardware threads active (1 = one thread alone). */
    public double smtThroughput(int busy) {
        int i = Math.min(Math.max(busy, 1), smtThroughput.length) - 1;
        return smtThroughput[i];
    }

    public double[] smtThroughputs() {
        return smtThroughput.clone();
    }
}
