package numasim.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.host.HostSpecs;
import numasim.kernel.Events;
import numasim.results.RunRecord;
import numasim.sim.Event;
import numasim.topology.MachineSpecs;

/**
 * The JSON Schemas of numasim's files: the YAML documents a user writes (machine, host, experiment,
 * sweep), generated from the declarations their readers check them with, and the run record
 * (metrics.json, runs/*.json, a line of runs.jsonl) numasim writes. docs/schemas holds them.
 */
public final class Schemas {
    public static final List<String> NAMES = List.of("machine", "host", "experiment", "sweep", "run-record");

    private Schemas() {
    }

    public static Map<String, Object> of(String name) {
        Map<String, Object> s = switch (name) {
            case "machine" -> MachineSpecs.jsonSchema();
            case "host" -> HostSpecs.HOST.jsonSchema();
            case "experiment" -> ExperimentFile.EXPERIMENT.jsonSchema();
            case "sweep" -> SweepSpec.SWEEP.jsonSchema();
            case "run-record" -> runRecord();
            default -> throw new numasim.topology.ConfigException("SCHEMA", "unknown schema '" + name + "' (schemas: " + String.join(", ", NAMES) + ")");
        };
        return s;
    }

    private static Map<String, Object> runRecord() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("title", "run record");
        s.put("description", "one run: what ran, a sweep's axes, the benchmark's figures, every kernel counter, simulation statistics, provenance");
        s.put("type", "object");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("schema_version", Map.of("description", "the record layout; this schema describes " + RunRecord.SCHEMA_VERSION, "const",
                RunRecord.SCHEMA_VERSION));
        p.put("workload", str("the workload's name (numasim list)"));
        p.put("args", Map.of("description", "the workload's own arguments", "type", "array", "items", Map.of("type", "string")));
        p.put("machine", str("the machine's name"));
        p.put("kernel", str("the kernel features (base, spf, thp, hinting=...)"));
        p.put("seed", Map.of("description", "the run's random seed", "type", "integer"));
        p.put("axes", Map.of("description", "a sweep point's axis values (sweep runs only)", "type", "object"));
        p.put("result", Map.of("description", "what the benchmark reports, in its own terms (records_per_s, per_thread_ops, ...)",
                "type", "object"));
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("description", "every kernel counter registered at boot (numasim list counters), _ms: accumulated times in ms");
        counters.put("type", "object");
        Map<String, Object> known = new LinkedHashMap<>();
        for (Event e : Events.all()) {
            if (!e.perNode()) {
                known.put(e.key(), Map.of("description", e.description() + " (" + e.unit().label + ")", "type", "number"));
            }
        }
        counters.put("properties", known);
        counters.put("additionalProperties", Map.of("type", "number"));
        p.put("counters", counters);
        p.put("simulation", Map.of("description", "how much simulation the run took", "type", "object", "properties",
                Map.of("simulated_ns", Map.of("type", "number"), "events", Map.of("type", "integer"), "tracked_frames", Map.of("type", "integer"))));
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("description", "how the run was made");
        prov.put("type", "object");
        prov.put("properties", Map.of("numasim_version", str("numasim's version"), "git_commit", str("the commit numasim was built from"),
                "machine_spec_sha256", str("SHA-256 of everything the machine spec makes the model do (names and sources left out)"),
                "host", str("the host behind the guest's memory, if any")));
        prov.put("required", List.of("numasim_version", "git_commit", "machine_spec_sha256"));
        p.put("provenance", prov);
        s.put("properties", p);
        s.put("required", List.of("schema_version", "workload", "args", "machine", "kernel", "seed", "result", "counters", "simulation", "provenance"));
        s.put("additionalProperties", false);
        return s;
    }

    private static Map<String, Object> str(String doc) {
        return Map.of("description", doc, "type", "string");
    }
}
