package numasim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import numasim.experiments.Schemas;
import numasim.results.MetricsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim schema NAME | --write DIR}: the JSON Schemas of numasim's files. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (draft 2020-12) of a file numasim reads or writes: machine, host, experiment, sweep (YAML you write,"
                + " for an editor to complete and check) or run-record (metrics.json, runs/*.json, runs.jsonl lines).",
        footer = {"", "Example:", "  numasim schema machine > machine.schema.json", "  numasim schema --write docs/schemas"})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCHEMA", description = "machine, host, experiment, sweep or run-record")
    String name;

    @Option(names = "--write", paramLabel = "DIR", description = "write every schema as DIR/<name>.schema.json")
    Path write;

    @Override
    public Integer call() throws IOException {
        if (write != null) {
            OutputPaths.directory("--write", write);
            for (String n : Schemas.NAMES) {
                Files.writeString(write.resolve(n + ".schema.json"), MetricsJson.toJson(Schemas.of(n)));
            }
            spec.commandLine().getOut().println("wrote " + Schemas.NAMES.size() + " schemas to " + write);
            return 0;
        }
        if (name == null) {
            throw new numasim.topology.ConfigException("SCHEMA", "name one of " + String.join(", ", Schemas.NAMES) + " (or --write DIR)");
        }
        spec.commandLine().getOut().print(MetricsJson.toJson(Schemas.of(name)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
