package numasim.topology;

import java.util.List;

/** Bad input: every problem found, each naming the field. The CLI prints them and exits with code 2. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String field, String problem) {
        this(List.of(field + ": " + problem));
    }

    public List<String> problems() {
        return problems;
    }
}
