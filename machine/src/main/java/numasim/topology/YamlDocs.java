package numasim.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads numasim's YAML inputs (machines, hosts, build profiles, experiments, sweeps): safe types, no
 * duplicate keys, and bounded: a file above {@link #MAX_BYTES}, deeper than 64 levels or with more than
 * 50 aliases is refused before it can take the parser's time and memory.
 */
public final class YamlDocs {
    /** numasim's largest shipped YAML is ~30 KiB; a megabyte is a mistake, not a machine. */
    public static final int MAX_BYTES = 1 << 20;

    private YamlDocs() {
    }

    /** The text of a YAML file, or one line on {@code field} saying why it cannot be one. */
    public static String read(Path file, String field) {
        if (!Files.exists(file)) {
            throw new ConfigException(field, file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(field, file + " is a directory, not a YAML file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(field, file + " is " + Files.size(file) / 1024 + " KiB, more than numasim reads (" + MAX_BYTES / 1024 + " KiB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new ConfigException(field, file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException(field, file + ": cannot be read (" + e.getMessage() + ")");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new ConfigException(field, file + " is not text/YAML (binary data)");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(field, file + " is not text/YAML (not UTF-8)");
        }
    }

    /** {@code text} must be a YAML mapping; bad YAML or another shape is reported on {@code field}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapping(String text, String field, String origin) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(field, origin + " is larger than numasim reads (" + MAX_BYTES / 1024 + " KiB)");
        }
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setCodePointLimit(MAX_BYTES);
        opts.setNestingDepthLimit(64);
        opts.setMaxAliasesForCollections(50);
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

    /** A copy of a parsed document (mappings and lists copied all the way down, keys as strings) that can be changed freely. */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), deepCopy(v)));
            return (T) c;
        }
        if (o instanceof java.util.List<?> l) {
            java.util.List<Object> c = new java.util.ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return (T) c;
        }
        return o;
    }
}
