package numasim.sim;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.google.common.hash.Hashing;

import nl.tudelft.simulation.jstats.streams.MersenneTwister;
import nl.tudelft.simulation.jstats.streams.StreamInterface;

/**
 * Named random streams: each component asks for its own stream by name, seeded from the run's base seed
 * and the name, so adding a component never shifts another component's random numbers.
 */
public final class Streams {
    private final long baseSeed;
    private final Map<String, StreamInterface> streams = new HashMap<>();

    public Streams(long baseSeed) {
        this.baseSeed = baseSeed;
    }

    public long baseSeed() {
        return baseSeed;
    }

    public StreamInterface get(String name) {
        return streams.computeIfAbsent(name, n -> new MersenneTwister(seedFor(baseSeed, n)));
    }

    /** A positive seed (DSOL's generators refuse 0 and negatives) mixed from the base seed and the name. */
    public static long seedFor(long baseSeed, String name) {
        long h = Hashing.murmur3_128().newHasher().putLong(baseSeed).putString(name, StandardCharsets.UTF_8).hash().asLong();
        return (h >>> 1) | 1;
    }
}
