package numasim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import numasim.experiments.MicrobenchSuite;
import numasim.results.MetricsJson;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpecs;
import numasim.workloads.microbench.Probe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code numasim microbench}: every primitive, timed by its microbenchmark, beside the published figure. */
@Command(name = "microbench", mixinStandardHelpOptions = true,
        description = "Time each primitive the way its microbenchmark does (a loop over the operation: lmbench's null call, pipe and fork latencies,"
                + " first-touch faults, munmap shootdowns with other threads of the mm running, ...) on an emulated machine, beside the published"
                + " figure for comparable hardware and the ratio; writes microbench.csv, table.md and summary.json.",
        footer = {"", "Derived rows: ipi-roundtrip = shootdown-1 - munmap-touched; shootdown-per-target = (shootdown-all - munmap-touched) / other CPUs.",
            "Published figures: experiments/src/main/resources/microbench/references.csv (docs/microbench-references.md).",
            "", "Example:", "  numasim microbench --machine x86-kvm-16", "  numasim microbench --machine skylake-4s-192 --only fault-anon,null-syscall",
            "  numasim microbench --machine x86-kvm-16 --kvm pv_ipi=on --only shootdown-15,ipi-call-socket",
            "  numasim microbench --machine x86-kvm-16 --loaded-host --cost host_slice=3000000 --kvm steal_time=on,pv_tlb_flush=on --only shootdown-15"})
final class MicrobenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--machine", defaultValue = "x86-kvm-16", description = "preset or machine file (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--only", split = ",", description = "comma-separated probes (numasim microbench --list shows them)")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", description = "folder for microbench.csv, table.md and summary.json (default: none written)")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--loaded-host", description = "measure a guest on its preset's loaded host (host_load) rather than an idle one")
    boolean loadedHost;

    @Option(names = "--cost", split = ",", paramLabel = "NAME=VALUE",
            description = "set a cost of the preset for this run, in the parameter's unit and inside its documented range (numasim machine show M lists them), e.g. host_slice=3000000")
    Map<String, String> costs = new LinkedHashMap<>();

    @Option(names = "--kvm", split = ",", paramLabel = "SWITCH=on|off",
            description = "set a paravirtual switch of a guest preset: pv_ipi, posted_interrupts, pv_tlb_flush, steal_time")
    Map<String, String> kvm = new LinkedHashMap<>();

    @Option(names = "--kernel", defaultValue = "base", description = "kernel features, as numasim run takes them (base, spf, thp, ...; default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--list", description = "list the probes and exit")
    boolean list;

    private static final List<String> KVM_SWITCHES = List.of("pv_ipi", "posted_interrupts", "pv_tlb_flush", "steal_time");

    /** The switches as booleans; one clear message for an unknown switch or value. */
    private Map<String, Boolean> kvmSwitches() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        kvm.forEach((k, v) -> {
            if (!KVM_SWITCHES.contains(k)) {
                throw new ConfigException("--kvm", "unknown switch '" + k + "' (switches: " + String.join(", ", KVM_SWITCHES) + ")");
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes" -> out.put(k, true);
                case "off", "false", "no" -> out.put(k, false);
                default -> throw new ConfigException("--kvm " + k, "must be on or off, got '" + v + "'");
            }
        });
        return out;
    }

    /** Numbers as numbers (a machine file's value), anything else as written (a duration such as 3ms). */
    private Map<String, Object> costValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        costs.forEach((k, v) -> {
            try {
                out.put(k, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void checkCosts() {
        for (String k : costs.keySet()) {
            if (numasim.topology.Cost.byKey(k) == null) {
                throw new ConfigException("--cost", "unknown cost '" + k + "' (numasim machine show " + machine + " lists them)");
            }
        }
    }

    @Override
    public void run() {
        PrintWriter w = spec.commandLine().getOut();
        if (list) {
            for (Probe p : Probe.values()) {
                w.printf("  %-22s %s%n", p.key, p.doc);
            }
            w.flush();
            return;
        }
        List<String> known = new ArrayList<>(Probe.names());
        known.addAll(List.of("ipi-roundtrip", "shootdown-per-target"));
        for (String o : only) {
            if (!known.contains(o)) {
                throw new ConfigException("--only", "unknown probe '" + o + "' (probes: " + String.join(", ", known) + ")");
            }
        }
        if (out != null) {
            OutputPaths.directory("--out", out);
        }
        boolean guest = MachineSpecs.load(machine).guest(); // bad input first, before any run
        MicrobenchSuite.refuseWhatCannotRun(MachineSpecs.load(machine), only);
        checkCosts();
        if (!kvm.isEmpty() && !guest) {
            throw new ConfigException("--kvm", machine + " is bare metal: it has no paravirtual switches");
        }
        try {
            numasim.kernel.KernelFeatures.parse(kernel); // an unknown feature is refused before any run
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(m -> "--" + m).toList());
        }
        MicrobenchSuite.Overrides over = new MicrobenchSuite.Overrides(costValues(), kvmSwitches(), kernel);
        long t0 = System.nanoTime();
        List<MicrobenchSuite.Row> rows = MicrobenchSuite.run(machine, only, seed, loadedHost, over);
        double wall = (System.nanoTime() - t0) / 1e9;
        String md = MicrobenchSuite.markdown(machine, rows);
        boolean idle = MachineSpecs.load(machine).guest() && !loadedHost;
        String changed = (kernel.equals("base") ? "" : ", kernel " + kernel) + (costs.isEmpty() && kvm.isEmpty() ? "" : ", with " + String.join(", ",
                java.util.stream.Stream.concat(costs.entrySet().stream(), kvm.entrySet().stream()).map(e -> e.getKey() + "=" + e.getValue()).toList()));
        w.printf("numasim microbench on %s%s%s (seed %d, %.0f s of wall time)%n%n", machine, idle ? ", idle host (host_load 0; --loaded-host for the preset's)" : "",
                changed, seed, wall);
        w.print(md);
        MicrobenchSuite.Counts counts = MicrobenchSuite.Counts.of(rows);
        w.printf(Locale.ROOT, "%n%s%n", counts.sentence());
        w.flush();
        if (out != null) {
            write(rows, md, counts);
            w.printf("microbench: %s%n", out);
            w.flush();
        }
    }

    private void write(List<MicrobenchSuite.Row> rows, String md, MicrobenchSuite.Counts counts) {
        try {
            Files.createDirectories(out);
            try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(out.resolve("microbench.csv")),
                    CSVFormat.DEFAULT.builder().setHeader("machine", "probe", "emulated_ns", "published_low_ns", "published_high_ns", "ratio", "basis", "source").build())) {
                for (MicrobenchSuite.Row r : rows) {
                    csv.printRecord(machine, r.probe(), r.ns(), r.ref() == null ? "" : r.ref().low(), r.ref() == null ? "" : r.ref().high(),
                            r.ratio() == null ? "" : r.ratio(), r.ref() == null ? "" : r.ref().basis(), r.ref() == null ? "" : r.ref().source());
                }
            }
            Files.writeString(out.resolve("table.md"), "# numasim microbench, " + machine + "\n\n" + md);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("machine", machine);
            summary.put("seed", seed);
            summary.put("kernel", kernel);
            summary.put("costs_set", costs);
            summary.put("kvm_set", kvm);
            summary.put("rows", rows.size());
            summary.put("with_published_figure", counts.withFigure());
            summary.put("within_factor_1_5", counts.within());
            summary.put("independent_figures", counts.independent());
            summary.put("independent_within_factor_1_5", counts.independentWithin());
            List<Map<String, Object>> list = new ArrayList<>();
            for (MicrobenchSuite.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("probe", r.probe());
                m.put("emulated_ns", r.ns());
                if (r.ref() != null) {
                    m.put("published_low_ns", r.ref().low());
                    m.put("published_high_ns", r.ref().high());
                    m.put("ratio", r.ratio());
                    m.put("basis", r.ref().basis());
                    m.put("source", r.ref().source());
                }
                list.add(m);
            }
            summary.put("probes", list);
            Files.writeString(out.resolve("summary.json"), MetricsJson.toJson(summary));
        } catch (IOException e) {
            throw new ConfigException("--out", "cannot write " + out + ": " + e.getMessage());
        }
    }
}
