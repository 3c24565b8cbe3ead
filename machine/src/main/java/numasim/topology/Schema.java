package numasim.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one of numasim's YAML documents (a machine, a host, an experiment, a sweep, a build
 * profile), declared once: each field with its type, whether it is required or its default, its range
 * and a one-line doc; nested mappings by their own schema. Reading a document checks it against the
 * schema and gathers every problem, each naming its field path, before anything fails; the same
 * declaration gives the JSON Schema editors complete these files with.
 */
public final class Schema {
    /** What a field holds. */
    public enum Type {
        STRING("string"), BOOL("boolean"), INT("integer"), NUMBER("number"), SIZE("size"), LIST("array"), MAP("object"), ANY("any");

        final String json;

        Type(String json) {
            this.json = json;
        }
    }

    /** One declared field. {@code dflt} null with {@code required} false: optional, no default. */
    record Field(String name, Type type, boolean required, Object dflt, Bounds bounds, String doc) {
        double min() {
            return bounds.min();
        }

        double max() {
            return bounds.max();
        }

        List<String> choices() {
            return bounds.choices();
        }

        Schema nested() {
            return bounds.nested();
        }
    }

    /** What a field's value may be: a range, a list of choices, or a nested schema. */
    record Bounds(double min, double max, List<String> choices, Schema nested) {
        static final Bounds NONE = new Bounds(0, 0, List.of(), null);

        static Bounds range(double min, double max) {
            return new Bounds(min, max, List.of(), null);
        }
    }

    private final String title;
    private final String doc;
    private final LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
    /** Keys besides the declared ones are the caller's to check (a preset's costs, a sweep's axes). */
    private boolean open;

    private Schema(String title, String doc) {
        this.title = title;
        this.doc = doc;
    }

    public static Schema of(String title, String doc) {
        return new Schema(title, doc);
    }

    private Schema add(Field f) {
        fields.put(f.name(), f);
        return this;
    }

    /** A string; {@code dflt} null: required. */
    public Schema string(String name, String dflt, String doc) {
        return add(new Field(name, Type.STRING, dflt == null, dflt, Bounds.NONE, doc));
    }

    /** An optional string without a default. */
    public Schema optionalString(String name, String doc) {
        return add(new Field(name, Type.STRING, false, null, Bounds.NONE, doc));
    }

    /** One of {@code choices}. */
    public Schema choice(String name, String dflt, List<String> choices, String doc) {
        return add(new Field(name, Type.STRING, dflt == null, dflt, new Bounds(0, 0, List.copyOf(choices), null), doc));
    }

    public Schema bool(String name, boolean dflt, String doc) {
        return add(new Field(name, Type.BOOL, false, dflt, Bounds.NONE, doc));
    }

    /** A whole number in {@code [min, max]}; {@code dflt} null: required. */
    public Schema integer(String name, Integer dflt, long min, long max, String doc) {
        return add(new Field(name, Type.INT, dflt == null, dflt, Bounds.range(min, max), doc));
    }

    /** A positive size in bytes (4096, 4K, 16G); {@code dflt} null: required. */
    public Schema size(String name, Long dflt, String doc) {
        return add(new Field(name, Type.SIZE, dflt == null, dflt, Bounds.range(1, Long.MAX_VALUE), doc));
    }

    /** A required size in bytes that may be 0. */
    public Schema bytes(String name, String doc) {
        return add(new Field(name, Type.SIZE, true, null, Bounds.range(0, Long.MAX_VALUE), doc));
    }

    /** An optional size in bytes: 0 when absent. */
    public Schema optionalSize(String name, String doc) {
        return add(new Field(name, Type.SIZE, false, null, Bounds.range(1, Long.MAX_VALUE), doc));
    }

    /** A number in {@code [min, max]}; {@code dflt} null: required. */
    public Schema number(String name, Double dflt, double min, double max, String doc) {
        return add(new Field(name, Type.NUMBER, dflt == null, dflt, Bounds.range(min, max), doc));
    }

    /** A number at least {@code min}; {@code dflt} null: required. */
    public Schema number(String name, Double dflt, double min, String doc) {
        return add(new Field(name, Type.NUMBER, dflt == null, dflt, Bounds.range(min, Double.MAX_VALUE), doc));
    }

    /** A list the caller reads itself. */
    public Schema list(String name, boolean required, String doc) {
        return add(new Field(name, Type.LIST, required, null, Bounds.NONE, doc));
    }

    /** A value of any shape the caller reads itself (a preset name or an inline mapping, a feature or a list). */
    public Schema any(String name, boolean required, String doc) {
        return add(new Field(name, Type.ANY, required, null, Bounds.NONE, doc));
    }

    /** A nested mapping of schema {@code nested}. */
    public Schema map(String name, Schema nested, boolean required, String doc) {
        return add(new Field(name, Type.MAP, required, null, new Bounds(0, 0, List.of(), nested), doc));
    }

    /** Undeclared keys are allowed: the caller checks them (every key a cost name, every key an axis). */
    public Schema open() {
        open = true;
        return this;
    }

    public String title() {
        return title;
    }

    /** Checks {@code value} (a document or a nested part of one, at {@code path}: "" or "costs.") and gives its fields. */
    @SuppressWarnings("unchecked")
    public Doc read(Object value, String path, Problems problems) {
        if (!(value instanceof Map)) {
            problems.add(path.isEmpty() ? title : path.substring(0, path.length() - 1), "must be a mapping, got " + typeOf(value));
            return new Doc(this, Map.of(), path, problems);
        }
        Map<String, Object> m = (Map<String, Object>) value;
        if (!open) {
            for (String k : m.keySet()) {
                if (!fields.containsKey(k)) {
                    problems.add(path + k, "unknown field (known: " + String.join(", ", fields.keySet().stream().sorted().toList()) + ")");
                }
            }
        }
        for (Field f : fields.values()) {
            Object v = m.get(f.name());
            if (v == null) {
                if (f.required()) {
                    problems.add(path + f.name(), "missing (" + f.doc() + ")");
                }
                continue;
            }
            check(f, v, path + f.name(), problems);
        }
        return new Doc(this, m, path, problems);
    }

    private static void check(Field f, Object v, String at, Problems problems) {
        switch (f.type()) {
            case STRING -> {
                if (v instanceof Map || v instanceof List) {
                    problems.add(at, "must be a string, got " + typeOf(v));
                } else if (!f.choices().isEmpty() && !f.choices().contains(String.valueOf(v))) {
                    problems.add(at, "must be one of " + String.join(", ", f.choices()) + ", got '" + v + "'");
                }
            }
            case BOOL -> {
                if (!(v instanceof Boolean)) {
                    problems.add(at, "must be true or false, got '" + v + "'");
                }
            }
            case INT -> {
                if (!(v instanceof Integer || v instanceof Long)) {
                    problems.add(at, "must be a whole number, got " + typeOf(v) + " '" + v + "'");
                } else if (((Number) v).longValue() < f.min() || ((Number) v).longValue() > f.max()) {
                    problems.add(at, f.max() >= Integer.MAX_VALUE ? "must be at least " + (long) f.min() + ", got " + v
                            : "must be between " + (long) f.min() + " and " + (long) f.max() + ", got " + v);
                }
            }
            case NUMBER -> {
                if (!(v instanceof Number n)) {
                    problems.add(at, "must be a number, got " + typeOf(v) + " '" + v + "'");
                } else if (n.doubleValue() < f.min() || n.doubleValue() > f.max()) {
                    problems.add(at, f.max() == Double.MAX_VALUE ? (f.min() == 0 ? "must not be negative" : f.min() == Double.MIN_VALUE ? "must be positive"
                            : "must be at least " + f.min()) + ", got " + v
                            : "must be between " + f.min() + " and " + f.max() + ", got " + v);
                }
            }
            case SIZE -> {
                try {
                    if (Sizes.parse(at, v) < f.min()) {
                        problems.add(at, f.min() > 0 ? "must be positive, got " + v : "must not be negative, got " + v);
                    }
                } catch (ConfigException e) {
                    e.problems().forEach(problems::addLine);
                }
            }
            case LIST -> {
                if (!(v instanceof List)) {
                    problems.add(at, "must be a list, got " + typeOf(v));
                }
            }
            case MAP -> f.nested().read(v, at + ".", problems);
            case ANY -> {
            }
        }
    }

    /** How a value reads in a message: its kind. */
    public static String typeOf(Object o) {
        return o instanceof Map ? "a mapping" : o instanceof List ? "a list" : o instanceof String ? "a string"
                : o instanceof Boolean ? "a boolean" : o instanceof Number ? "a number" : String.valueOf(o);
    }

    /** The JSON Schema (draft 2020-12) of documents of this shape, for editors to complete and check them. */
    public Map<String, Object> jsonSchema() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.putAll(jsonBody());
        return s;
    }

    private Map<String, Object> jsonBody() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("title", title);
        s.put("description", doc);
        s.put("type", "object");
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Field f : fields.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("description", f.doc());
            switch (f.type()) {
                case MAP -> p.putAll(f.nested().jsonBody());
                case SIZE -> p.put("type", List.of("integer", "string"));
                case ANY -> {
                }
                default -> p.put("type", f.type().json);
            }
            if (!f.choices().isEmpty()) {
                p.put("enum", f.choices());
            }
            if (f.type() == Type.INT) {
                p.put("minimum", (long) f.min());
                if (f.max() < Integer.MAX_VALUE) {
                    p.put("maximum", (long) f.max());
                }
            }
            if (f.dflt() != null) {
                p.put("default", f.dflt());
            }
            props.put(f.name(), p);
            if (f.required()) {
                required.add(f.name());
            }
        }
        s.put("properties", props);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", open);
        return s;
    }

    /** Every problem found in a document, each naming its field. */
    public static final class Problems {
        private final List<String> lines = new ArrayList<>();

        public void add(String field, String what) {
            lines.add(field + ": " + what);
        }

        /** A problem already worded as "field: what". */
        public void addLine(String line) {
            lines.add(line);
        }

        public boolean any() {
            return !lines.isEmpty();
        }

        public List<String> lines() {
            return lines;
        }

        /** Fails with every problem at once, if there is one. */
        public void throwIfAny() {
            if (!lines.isEmpty()) {
                throw new ConfigException(lines);
            }
        }
    }

    /** A document read against its schema: typed fields (their defaults when absent or bad: the problem is recorded). */
    public static final class Doc {
        private final Schema schema;
        private final Map<String, Object> m;
        private final String path;
        private final Problems problems;

        Doc(Schema schema, Map<String, Object> m, String path, Problems problems) {
            this.schema = schema;
            this.m = m;
            this.path = path;
            this.problems = problems;
        }

        private Field field(String name) {
            Field f = schema.fields.get(name);
            if (f == null) {
                throw new IllegalArgumentException(schema.title + " declares no field " + name);
            }
            return f;
        }

        public boolean has(String name) {
            return m.get(name) != null;
        }

        public Object raw(String name) {
            return m.get(name);
        }

        /** The whole mapping (for an open schema's undeclared keys). */
        public Map<String, Object> mapping() {
            return m;
        }

        /** The field's path in messages ("topology.sockets"). */
        public String path(String name) {
            return path + name;
        }

        public void problem(String name, String what) {
            problems.add(path + name, what);
        }

        public Problems problems() {
            return problems;
        }

        public String string(String name) {
            Object v = m.get(name);
            Field f = field(name);
            return v == null || v instanceof Map || v instanceof List ? (String) f.dflt() : String.valueOf(v);
        }

        public boolean bool(String name) {
            Object v = m.get(name);
            return v instanceof Boolean b ? b : (Boolean) field(name).dflt();
        }

        public int integer(String name) {
            Object v = m.get(name);
            Field f = field(name);
            if (v instanceof Integer i && i >= f.min() && i <= f.max()) {
                return i;
            }
            return f.dflt() == null ? 0 : ((Number) f.dflt()).intValue();
        }

        public long longValue(String name) {
            Object v = m.get(name);
            Field f = field(name);
            if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= f.min() && ((Number) v).longValue() <= f.max()) {
                return ((Number) v).longValue();
            }
            return f.dflt() == null ? 0 : ((Number) f.dflt()).longValue();
        }

        public double number(String name) {
            Object v = m.get(name);
            Field f = field(name);
            return v instanceof Number n && n.doubleValue() >= f.min() && n.doubleValue() <= f.max() ? n.doubleValue()
                    : f.dflt() == null ? 0 : ((Number) f.dflt()).doubleValue();
        }

        public long size(String name) {
            Object v = m.get(name);
            Field f = field(name);
            if (v != null) {
                try {
                    long s = Sizes.parse(path + name, v);
                    return s >= f.min() ? s : 0;
                } catch (ConfigException e) {
                    return 0;
                }
            }
            return f.dflt() == null ? 0 : ((Number) f.dflt()).longValue();
        }

        public List<?> list(String name) {
            Object v = m.get(name);
            return v instanceof List<?> l ? l : List.of();
        }

        /** A nested mapping's fields (empty when absent or bad). */
        public Doc map(String name) {
            Field f = field(name);
            Object v = m.get(name);
            if (!(v instanceof Map)) {
                return new Doc(f.nested(), Map.of(), path + name + ".", new Problems());
            }
            return f.nested().read(v, path + name + ".", new Problems()).reattach(problems);
        }

        private Doc reattach(Problems p) {
            return new Doc(schema, m, path, p);
        }
    }
}
