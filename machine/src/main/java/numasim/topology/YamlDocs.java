package numasim.topology;

import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads numasim's YAML inputs (machines, build profiles, experiments, sweeps): safe types, no duplicate keys. */
public final class YamlDocs {
    private YamlDocs() {
    }

    /** {@code text} must be a YAML mapping; bad YAML or another shape is reported on {@code field}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapping(String text, String field, String origin) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(opts)).load(text);
        } catch (YAMLException e) {
            throw new ConfigException(field, origin + " is not valid YAML: " + e.getMessage().replace('\n', ' ').replaceAll("\\s+", " "));
        }
        if (!(doc instanceof Map)) {
            throw new ConfigException(field, origin + " is not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }
}
