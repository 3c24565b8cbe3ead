package numasim.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import numasim.kernel.KernelFeatures;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workloads;
import numasim.workloads.microbench.Probe;

/**
 * Every microbenchmark probe on one machine, each beside the published figure for comparable hardware
 * where one is at hand ({@code microbench/references.csv}), with the ratio emulated / published.
 */
public final class MicrobenchSuite {
    /**
     * A published figure: a range in ns for a probe on a preset's kind of hardware, where it comes from, and
     * its basis: "independent", or "parameter: NAME" when the preset took NAME from this same figure (the
     * row then checks the path that composes the parameter, not its value).
     */
    public record Reference(String probe, String machine, double low, double high, String hardware, String source, String basis) {
        /** Emulated over the nearest end of the range (1 inside it). */
        double ratio(double ns) {
            return ns < low ? ns / low : ns > high ? ns / high : 1.0;
        }

        public boolean independent() {
            return basis.equals("independent");
        }
    }

    /** One row: the probe, what the emulated machine took, and the published figure if any. */
    public record Row(String probe, String doc, double ns, Reference ref) {
        public Double ratio() {
            return ref == null || Double.isNaN(ns) ? null : ref.ratio(ns);
        }

        /** Whether it has a figure and lands within a factor of 1.5 of it. */
        public boolean within() {
            Double r = ratio();
            return r != null && r <= 1.5 && r >= 1 / 1.5;
        }
    }

    /** How many rows have a figure and land within 1.5x of it, in all and among the independent ones. */
    public record Counts(long rows, long withFigure, long within, long independent, long independentWithin) {
        public static Counts of(List<Row> rows) {
            return new Counts(rows.size(), rows.stream().filter(r -> r.ratio() != null).count(), rows.stream().filter(Row::within).count(),
                    rows.stream().filter(r -> r.ratio() != null && r.ref().independent()).count(),
                    rows.stream().filter(r -> r.within() && r.ref().independent()).count());
        }

        /** One sentence, as the command and the report print it. */
        public String sentence() {
            return String.format(Locale.ROOT, "%d rows, %d with a published figure, %d of those within a factor of 1.5; %d of the figures are independent of"
                    + " every preset parameter (%d of those within 1.5x), the others are the source of a parameter the probe's path composes",
                    rows, withFigure, within, independent, independentWithin);
        }
    }

    /** Derived probes: a difference of two measured ones (per target where it says so). */
    private static final Map<String, String[]> DERIVED = Map.of(
            "ipi-roundtrip", new String[] {"shootdown-1", "munmap-touched", "1", "the TLB-flush IPI round trip: shootdown-1 less the single-thread munmap"},
            "shootdown-per-target", new String[] {"shootdown-all", "munmap-touched", "all",
                "each further target of a shootdown to every other CPU: (shootdown-all less munmap-touched) / targets"});

    private MicrobenchSuite() {
    }

    public static List<Reference> references() {
        try (InputStream in = MicrobenchSuite.class.getResourceAsStream("/microbench/references.csv");
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            List<Reference> out = new ArrayList<>();
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                out.add(new Reference(rec.get("probe"), rec.get("machine"), Double.parseDouble(rec.get("low_ns")), Double.parseDouble(rec.get("high_ns")),
                        rec.get("hardware"), rec.get("source"), rec.get("basis")));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("microbench/references.csv unreadable", e);
        }
    }

    /** The probes that can run on {@code m} (a shootdown to another socket needs two). */
    public static List<Probe> probesFor(MachineSpec m) {
        List<Probe> out = new ArrayList<>();
        for (Probe p : Probe.values()) {
            if (p == Probe.SHOOTDOWN_REMOTE && m.sockets() < 2 || p.key.startsWith("shootdown-") && needed(p) > m.cpus() - 1
                    || !p.runsOn(new numasim.topology.Topology(m))) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    /** A probe named in {@code only} that {@code m} cannot run is bad input: say what it needs. */
    public static void refuseWhatCannotRun(MachineSpec m, List<String> only) {
        List<String> runnable = probesFor(m).stream().map(p -> p.key).toList();
        for (String o : only) {
            String[] derived = DERIVED.get(o);
            String probe = derived == null ? o : !runnable.contains(derived[0]) ? derived[0] : derived[1];
            if (runnable.contains(probe)) {
                continue;
            }
            Probe p = Probe.byName(probe);
            String needs = p.key.startsWith("shootdown-") && p != Probe.SHOOTDOWN_REMOTE && p != Probe.SHOOTDOWN_IDLE
                    ? needed(p) + " CPUs besides CPU 0" : p.needs();
            throw new ConfigException("--only", "'" + o + "' cannot run on " + m.name() + ": it needs " + needs);
        }
    }

    private static int needed(Probe p) {
        String n = p.key.substring("shootdown-".length());
        return n.chars().allMatch(Character::isDigit) ? Integer.parseInt(n) : 1;
    }

    /**
     * What a run changes on a preset besides the idle host: cost values (NAME to a value in the parameter's
     * unit, checked against its range as any machine file is) and a guest's paravirtual switches.
     */
    public record Overrides(Map<String, Object> costs, Map<String, Boolean> kvm, String kernel) {
        public static final Overrides NONE = new Overrides(Map.of(), Map.of(), "base");

        /** The same changes to the machine, under the kernel features {@code k} (numasim run's --kernel). */
        public Overrides under(String k) {
            return new Overrides(costs, kvm, k);
        }

        boolean none() {
            return costs.isEmpty() && kvm.isEmpty();
        }
    }

    /**
     * {@code machine} as measured: a preset guest on an idle host (host_load 0, as the published primitives
     * were measured) unless {@code loadedHost}, with fault-around off for the probe that needs it and
     * {@code over} applied; a machine file as given (null where the probe needs a change to it).
     */
    static MachineSpec variant(String machine, Probe p, boolean loadedHost, Overrides over) {
        MachineSpec spec = MachineSpecs.load(machine);
        if (!MachineSpecs.PRESETS.contains(machine)) {
            if (!over.none()) {
                throw new ConfigException("--cost/--kvm", "apply to a preset; write the change into the machine file " + machine + " instead");
            }
            return p == Probe.FAULT_FILE_NOFA ? null : spec;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("inherit", machine);
        Map<String, Object> costs = new LinkedHashMap<>();
        if (spec.guest() && !loadedHost) {
            costs.put("host_load", Map.of("value", 0, "source", "microbench: an idle host, as the published primitives were measured"));
        }
        over.costs().forEach((k, v) -> costs.put(k, Map.of("value", v, "source", "numasim microbench --cost")));
        if (!costs.isEmpty()) {
            doc.put("costs", costs);
        }
        if (!over.kvm().isEmpty()) {
            if (!spec.guest()) {
                throw new ConfigException("--kvm", machine + " is bare metal: it has no paravirtual switches");
            }
            doc.put("kvm", over.kvm());
        }
        if (p == Probe.FAULT_FILE_NOFA) {
            doc.put("memory", Map.of("fault_around_bytes", spec.pageSize()));
        }
        return MachineSpecs.fromMap(doc, "--cost/--kvm: machine.");
    }

    /** Runs one probe on a base kernel (THP on for the THP probe); NaN where it cannot run on this machine. */
    public static double measure(MachineSpec m, Probe p, long seed) {
        return measure(m, p, seed, "base");
    }

    /** Runs one probe under the kernel features {@code kernel}, with THP added for the THP probe. */
    static double measure(MachineSpec m, Probe p, long seed, String kernel) {
        if (m == null) {
            return Double.NaN;
        }
        KernelFeatures parsed = KernelFeatures.parse(kernel);
        KernelFeatures k = p == Probe.FAULT_ANON_THP && !parsed.thp() ? KernelFeatures.parse(kernel.equals("base") ? "thp" : kernel + ",thp") : parsed;
        WorkloadRun.Outcome o = WorkloadRun.run(m, k, Workloads.byName("microbench"), List.of(p.key), Map.of(), seed);
        return ((Number) o.record().result().get("ns_per_op")).doubleValue();
    }

    /**
     * Every probe (or those named in {@code only}) on {@code machine}, with derived rows and references. A
     * guest is measured on an idle host (host_load 0), as the published primitives were, unless
     * {@code loadedHost}.
     */
    public static List<Row> run(String machine, List<String> only, long seed, boolean loadedHost) {
        return run(machine, only, seed, loadedHost, Overrides.NONE);
    }

    /** {@link #run(String, List, long, boolean)} with {@code over} applied to the preset. */
    public static List<Row> run(String machine, List<String> only, long seed, boolean loadedHost, Overrides over) {
        MachineSpec spec = MachineSpecs.load(machine);
        Map<String, Double> measured = new LinkedHashMap<>();
        Map<String, String> docs = new LinkedHashMap<>();
        for (Probe p : probesFor(spec)) {
            boolean wanted = only.isEmpty() || only.contains(p.key) || DERIVED.entrySet().stream()
                    .anyMatch(d -> only.contains(d.getKey()) && (d.getValue()[0].equals(p.key) || d.getValue()[1].equals(p.key)));
            if (wanted) {
                measured.put(p.key, measure(variant(machine, p, loadedHost, over), p, seed, over.kernel()));
                docs.put(p.key, p.doc);
            }
        }
        DERIVED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> {
            String[] v = d.getValue();
            if ((only.isEmpty() || only.contains(d.getKey())) && measured.containsKey(v[0]) && measured.containsKey(v[1])) {
                int targets = v[2].equals("all") ? spec.cpus() - 1 : Integer.parseInt(v[2]);
                measured.put(d.getKey(), (measured.get(v[0]) - measured.get(v[1])) / targets);
                docs.put(d.getKey(), v[3]);
            }
        });
        List<Reference> refs = references();
        List<Row> rows = new ArrayList<>();
        measured.forEach((probe, ns) -> {
            if (!only.isEmpty() && !only.contains(probe)) {
                return;
            }
            Reference ref = refs.stream().filter(r -> r.probe().equals(probe) && r.machine().equals(machine)).findFirst().orElse(null);
            rows.add(new Row(probe, docs.get(probe), ns, ref));
        });
        return rows;
    }

    /** The rows as a Markdown table. */
    public static String markdown(String machine, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| probe | emulated | published | ratio | basis | hardware, source |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String pub = r.ref() == null ? "" : range(r.ref().low(), r.ref().high());
            String ratio = r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio());
            String src = r.ref() == null ? "no published figure at hand" : r.ref().hardware() + "; " + r.ref().source();
            String basis = r.ref() == null ? "" : r.ref().basis();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.probe(), time(r.ns()), pub, ratio, basis, src));
        }
        return md.toString();
    }

    static String range(double lo, double hi) {
        return lo == hi ? time(lo) : time(lo) + " - " + time(hi);
    }

    static String time(double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        return ns >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", ns / 1e6)
                : ns >= 1e3 ? String.format(Locale.ROOT, "%.2f us", ns / 1e3) : String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
