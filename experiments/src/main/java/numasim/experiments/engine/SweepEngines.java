package numasim.experiments.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import numasim.topology.ConfigException;

/** The engines by name: local always; others (spark) where their module is on the class path. */
public final class SweepEngines {
    private SweepEngines() {
    }

    public static SweepEngine byName(String name) {
        if (name.equals("local")) {
            return new LocalEngine();
        }
        List<String> known = new ArrayList<>(List.of("local"));
        for (SweepEngine e : ServiceLoader.load(SweepEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
            known.add(e.name());
        }
        if (name.equals("spark")) {
            throw new ConfigException("--engine", "spark is not in this build: it lives in spark/target/numasim-all.jar (mvn package builds it;"
                    + " ./numasim uses it for --engine spark)");
        }
        if (!known.contains("spark")) {
            known.add("spark");
        }
        throw new ConfigException("--engine", "unknown engine '" + name + "' (engines: " + String.join(", ", known) + ")");
    }
}
