package numasim.topology;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One machine's physical cost parameters, each with its source; time values are served in ns. */
public final class Costs {
    private final EnumMap<Cost, Double> values;
    private final EnumMap<Cost, String> sources;
    private final double[] smtThroughput;
    private final double[] ns = new double[Cost.values().length];

    public Costs(Map<Cost, Double> values, Map<Cost, String> sources, List<Double> smtThroughput) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
        this.smtThroughput = smtThroughput.stream().mapToDouble(Double::doubleValue).toArray();
        double ghz = values.get(Cost.CPU_GHZ);
        for (Cost c : Cost.values()) {
            if (c.unit == Cost.Unit.LIST) {
                continue;
            }
            double v = values.get(c);
            ns[c.ordinal()] = c.unit == Cost.Unit.CYCLES ? v / ghz : v;
        }
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
