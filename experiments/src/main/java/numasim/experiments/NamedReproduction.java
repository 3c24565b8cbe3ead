package numasim.experiments;

import java.util.List;

/** What every reproduction has: its name, its one line of help and the machine presets it runs on. */
abstract class NamedReproduction implements Reproduction {
    private final String name;
    private final String summary;
    private final List<String> presets;

    NamedReproduction(String name, String summary, List<String> presets) {
        this.name = name;
        this.summary = summary;
        this.presets = List.copyOf(presets);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final List<String> presets() {
        return presets;
    }
}
