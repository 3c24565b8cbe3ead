package numasim.experiments;

import java.util.List;

import numasim.topology.ConfigException;

/** Every named reproduction. */
public final class Reproductions {
    private static final List<Reproduction> ALL = List.of(new SpfEbizzy(), new SpfEbizzyMtrp(), new SpfKernbench(false), new LkpSkylakeSpf(),
            new HintingNumaGap(), new HintingCapacity(), new HintingForwardProgress(), new UffdPostcopy());

    private Reproductions() {
    }

    public static List<Reproduction> all() {
        return ALL;
    }

    /** The same reproduction at full size where it has one (spf-kernbench --full builds the whole tree). */
    public static Reproduction full(Reproduction r) {
        return r instanceof SpfKernbench ? new SpfKernbench(true) : r;
    }

    public static Reproduction byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new ConfigException("reproduction",
                "unknown reproduction '" + name + "' (known: " + String.join(", ", ALL.stream().map(Reproduction::name).toList()) + ")"));
    }
}
