package numasim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import numasim.kernel.KernelFeatures;
import numasim.results.MetricsJson;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;

class SchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static Schema schema(String name) throws Exception {
        return REGISTRY.getSchema(JSON.readTree(MetricsJson.toJson(Schemas.of(name))));
    }

    private static JsonNode yaml(InputStream in) {
        return JSON.valueToTree(new Yaml().<Object>load(in));
    }

    @Test
    void theSchemasInDocsAreTheOnesTheReadersDeclare() throws Exception {
        for (String n : Schemas.NAMES) {
            Path f = Path.of("..", "docs", "schemas", n + ".schema.json");
            assertEquals(MetricsJson.toJson(Schemas.of(n)), Files.readString(f), f + " is stale: run numasim schema --write docs/schemas");
        }
    }

    @Test
    void everyPresetAndHostFileValidatesAndAMistakeDoesNot() throws Exception {
        Schema machine = schema("machine");
        for (String p : MachineSpecs.PRESETS) {
            try (InputStream in = MachineSpecs.class.getResourceAsStream("/presets/" + p + ".yaml")) {
                List<Error> errors = machine.validate(yaml(in));
                assertTrue(errors.isEmpty(), p + ": " + errors);
            }
        }
        Schema host = schema("host");
        for (String h : numasim.host.HostSpecs.PRESETS) {
            try (InputStream in = MachineSpecs.class.getResourceAsStream("/hosts/" + h + ".yaml")) {
                List<Error> errors = host.validate(yaml(in));
                assertTrue(errors.isEmpty(), h + ": " + errors);
            }
        }
        JsonNode typo = JSON.valueToTree(Map.of("inherit", "two-node-test", "costs", Map.of("zero_pag", Map.of("value", 1, "source", "x"))));
        assertFalse(machine.validate(typo).isEmpty(), "a misspelt cost is caught in the editor");
        assertTrue(machine.validate(JSON.valueToTree(Map.of("inherit", "two-node-test"))).isEmpty(), "a file that inherits needs nothing else");
    }

    @Test
    void aRunRecordValidatesAgainstTheRunRecordSchema() throws Exception {
        WorkloadRun.Outcome o = WorkloadRun.run(MachineSpecs.load("two-node-test"), KernelFeatures.parse("base"), Workloads.byName("ebizzy"),
                List.of("-t", "2", "-S", "1"), Map.of(), 1);
        JsonNode rec = JSON.readTree(MetricsJson.toJson(o.record().toMap()));
        Schema run = schema("run-record");
        assertTrue(run.validate(rec).isEmpty(), run.validate(rec).toString());
        assertEquals(numasim.results.RunRecord.SCHEMA_VERSION, rec.get("schema_version").asInt());
        assertEquals(64, rec.get("provenance").get("machine_spec_sha256").asText().length());
        ((com.fasterxml.jackson.databind.node.ObjectNode) rec).put("extra", 1);
        assertFalse(run.validate(rec).isEmpty());
    }
}
