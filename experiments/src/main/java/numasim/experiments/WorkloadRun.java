package numasim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.host.Host;
import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.results.PerfStat;
import numasim.results.RunRecord;
import numasim.sim.Counters;
import numasim.sync.RwSem;
import numasim.topology.MachineSpec;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/** One run of one workload on one machine: boots the kernel, runs to completion, gathers every figure. */
public final class WorkloadRun {
    /** What a run produced, plus how much simulation it took (events, wall time: not part of the record). */
    public record Outcome(RunRecord record, String output, String perfStat, long events, double wallSeconds, String hinting, String hintingCsv) {
        public Outcome(RunRecord record, String output, String perfStat, long events, double wallSeconds) {
            this(record, output, perfStat, events, wallSeconds, "", null);
        }
    }

    /** The host a hinting run reports to when none is named. */
    public static final String DEFAULT_HOST = "host-64g";

    private WorkloadRun() {
    }

    public static Outcome run(MachineSpec spec, KernelFeatures features, WorkloadFactory factory, List<String> args,
            Map<String, String> settings, long seed) {
        return run(spec, features, null, factory, args, settings, seed);
    }

    /**
     * A run with {@code host} behind the guest's memory (null: none, unless a hinting variant is on, which
     * then reports to {@link #DEFAULT_HOST}).
     */
    public static Outcome run(MachineSpec spec, KernelFeatures features, HostSpec host, WorkloadFactory factory, List<String> args,
            Map<String, String> settings, long seed) {
        Workload w = factory.create(args, settings, spec);
        Kernel k = new Kernel(spec, features, seed);
        if (host == null && !features.hinting().equals("none")) {
            host = HostSpecs.load(DEFAULT_HOST);
        }
        if (host != null) {
            k.attachHost(new Host(host));
        }
        long t0 = System.nanoTime();
        w.start(k);
        k.run(w.limitNs());
        double wall = (System.nanoTime() - t0) / 1e9;
        WorkloadReport report = w.report();
        Map<String, Object> counters = counters(k);
        Map<String, Object> simulation = new LinkedHashMap<>();
        simulation.put("simulated_ns", k.now());
        simulation.put("events", k.sim().events());
        simulation.put("tracked_frames", k.trackedFrames());
        Map<String, Object> result = new LinkedHashMap<>(report.metrics());
        result.putAll(HintingFigures.metrics(k));
        RunRecord rec = new RunRecord(factory.name(), List.copyOf(args), spec.name(), features.toString(), seed,
                result, counters, simulation);
        String command = factory.name() + (args.isEmpty() ? "" : " " + String.join(" ", args));
        String perf = PerfStat.render(command, "numasim " + spec.name() + ", kernel " + features + ", seed " + seed,
                perfLines(counters, spec.nodes()), k.now() / 1e9);
        return new Outcome(rec, report.output(), perf, k.sim().events(), wall, HintingFigures.text(k),
                k.hintingMonitor() == null ? null : k.hintingMonitor().csv());
    }

    /** Every kernel counter of the run, by name. */
    static Map<String, Object> counters(Kernel k) {
        Map<String, Object> m = new LinkedHashMap<>();
        Counters c = k.counters();
        c.countsSnapshot().forEach(m::put);
        RwSem.Stats s = k.mmapSemStats();
        m.put("mmap_sem:read_acquire", s.readAcquires);
        m.put("mmap_sem:write_acquire", s.writeAcquires);
        m.put("mmap_sem:read_contended", s.readContended);
        m.put("mmap_sem:write_contended", s.writeContended);
        m.put("mmap_sem:read_wait_ms", Math.round(s.readWaitNs / 1e3) / 1e3);
        m.put("mmap_sem:write_wait_ms", Math.round(s.writeWaitNs / 1e3) / 1e3);
        m.put("mmap_sem:wait_ms", Math.round((s.readWaitNs + s.writeWaitNs) / 1e3) / 1e3);
        for (int n = 0; n < k.topology().nodes(); n++) {
            m.putIfAbsent("mm:pgalloc.node" + n, 0L);
        }
        return m;
    }

    static List<PerfStat.Line> perfLines(Map<String, Object> c, int nodes) {
        List<PerfStat.Line> l = new ArrayList<>();
        l.add(PerfStat.count(c, "faults", "page-faults", "anon " + c.getOrDefault("fault:anon", 0) + ", cow " + c.getOrDefault("fault:cow", 0)));
        for (int n = 0; n < nodes; n++) {
            l.add(PerfStat.count(c, "mm:pgalloc.node" + n, "pages-allocated:node" + n, null));
        }
        if (c.containsKey("spf")) {
            l.add(PerfStat.count(c, "spf", "spf", "faults handled speculatively"));
            for (String e : new String[] {"spf_vma_changed", "spf_vma_noanon", "spf_vma_notsup", "spf_vma_access", "spf_pmd_changed"}) {
                l.add(PerfStat.count(c, "pagefault:" + e, "pagefault:" + e, null));
            }
        }
        l.add(PerfStat.count(c, "tlb:shootdowns", "tlb-shootdowns", null));
        l.add(PerfStat.count(c, "ipi:sent", "ipi-sent", null));
        l.add(PerfStat.count(c, "ipi:received", "ipi-received", null));
        l.add(PerfStat.count(c, "sched:context_switches", "context-switches", null));
        l.add(PerfStat.count(c, "sched:voluntary_switches", "context-switches:voluntary", null));
        l.add(PerfStat.count(c, "sched:involuntary_switches", "context-switches:involuntary", null));
        l.add(PerfStat.count(c, "mmap_sem:read_acquire", "mmap_sem:read-acquisitions", c.get("mmap_sem:read_contended") + " waited"));
        l.add(PerfStat.count(c, "mmap_sem:write_acquire", "mmap_sem:write-acquisitions", c.get("mmap_sem:write_contended") + " waited"));
        l.add(PerfStat.count(c, "mmap_sem:wait_ms", "mmap_sem:wait-msec", "total time tasks slept on mmap_sem"));
        return l;
    }
}
