package numasim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.cpu.IpiEvent;
import numasim.cpu.SchedEvent;
import numasim.cpu.TlbEvent;
import numasim.host.Host;
import numasim.host.HostSpec;
import numasim.host.HostSpecs;
import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.mm.MmEvent;
import numasim.results.PerfStat;
import numasim.results.RunRecord;
import numasim.sim.Event;
import numasim.sim.Counters;
import numasim.sync.RwSemEvent;
import numasim.topology.MachineSpec;
import numasim.vm.FaultEvent;
import numasim.vm.SpfEvent;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/** One run of one workload on one machine: boots the kernel, runs to completion, gathers every figure. */
public final class WorkloadRun {
    /** What a run produced, plus how much simulation it took (events, wall time: not part of the record). */
    public record Outcome(RunRecord record, String output, PerfStat.Block perf, long events, double wallSeconds, String hinting, String hintingCsv) {
        /** The perf stat block as perf prints it. */
        public String perfStat() {
            return perf.render();
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
        if (host == null && features.hinting() != KernelFeatures.Hinting.NONE) {
            host = HostSpecs.load(DEFAULT_HOST);
        }
        if (host != null) {
            k.attachHost(new Host(host));
        }
        long t0 = System.nanoTime();
        w.start(k.userEnv());
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
                result, counters, simulation).withProvenance(Provenance.of(spec, host));
        String command = factory.name() + (args.isEmpty() ? "" : " " + String.join(" ", args));
        PerfStat.Block perf = new PerfStat.Block(command, "numasim " + spec.name() + ", kernel " + features + ", seed " + seed,
                perfLines(counters, spec.nodes(), features.spf()), k.now() / 1e9);
        return new Outcome(rec, report.output(), perf, k.sim().events(), wall, HintingFigures.text(k),
                k.hintingMonitor() == null ? null : k.hintingMonitor().csv());
    }

    /**
     * The counters that have a /proc/vmstat line, under that name, in /proc/vmstat's "name value" form:
     * what LKP's proc-vmstat monitor reads as the run's delta.
     */
    public static String procVmstat(Map<String, Object> counters) {
        StringBuilder s = new StringBuilder();
        numasim.kernel.Events.vmstatNames().forEach((key, line) -> {
            if (counters.get(key) instanceof Number v) {
                s.append(line).append(' ').append(v.longValue()).append('\n');
            }
        });
        return s.toString();
    }

    /** Every kernel counter of the run, by name. */
    static Map<String, Object> counters(Kernel k) {
        Map<String, Object> m = new LinkedHashMap<>();
        Counters c = k.counters();
        c.countsSnapshot().forEach(m::put);
        // accumulated times in ms, to the us
        c.timesSnapshot().forEach((name, ns) -> m.put(name + "_ms", ms(ns)));
        m.put("mmap_sem:wait_ms", ms(c.getTime(RwSemEvent.MMAP_SEM_READ_WAIT) + c.getTime(RwSemEvent.MMAP_SEM_WRITE_WAIT)));
        return m;
    }

    private static double ms(double ns) {
        return Math.round(ns / 1e3) / 1e3;
    }

    static List<PerfStat.Line> perfLines(Map<String, Object> c, int nodes, boolean spf) {
        List<PerfStat.Line> l = new ArrayList<>();
        l.add(line(c, FaultEvent.FAULTS, faultKinds(c)));
        for (int n = 0; n < nodes; n++) {
            l.add(PerfStat.count(c, MmEvent.PGALLOC_NODE.key() + n, MmEvent.PGALLOC_NODE.perfLabel() + n, null));
        }
        if (spf) {
            l.add(line(c, SpfEvent.SPF, "faults handled speculatively"));
            for (SpfEvent e : SpfEvent.ABORTS) {
                l.add(line(c, e, null));
            }
        }
        l.add(line(c, TlbEvent.SHOOTDOWNS, null));
        l.add(line(c, IpiEvent.SENT, "reschedule " + c.getOrDefault(IpiEvent.RESCHED.key(), 0) + ", tlb " + c.getOrDefault(IpiEvent.TLB_FLUSH.key(), 0)));
        for (Event e : List.of(IpiEvent.RECEIVED, SchedEvent.CONTEXT_SWITCHES, SchedEvent.VOLUNTARY_SWITCHES,
                SchedEvent.INVOLUNTARY_SWITCHES)) {
            l.add(line(c, e, null));
        }
        l.add(line(c, RwSemEvent.MMAP_SEM_READ_ACQUIRE, c.get(RwSemEvent.MMAP_SEM_READ_CONTENDED.key()) + " waited"));
        l.add(line(c, RwSemEvent.MMAP_SEM_WRITE_ACQUIRE, c.get(RwSemEvent.MMAP_SEM_WRITE_CONTENDED.key()) + " waited"));
        l.add(PerfStat.count(c, "mmap_sem:wait_ms", "mmap_sem:wait-msec", "total time tasks slept on mmap_sem"));
        return l;
    }

    /**
     * Where the faults went, by the path that handled them: anonymous (a new page or the zero page: do_anonymous_page), COW,
     * file read/private-copy/shared, hugetlbfs, DAX, and those that raised a userfault; kinds with no
     * faults are left out.
     */
    static String faultKinds(Map<String, Object> c) {
        StringBuilder s = new StringBuilder();
        long anon = n(c, FaultEvent.ANON); // zero-page read faults included, as do_anonymous_page counts them
        String[][] kinds = {{"anon", String.valueOf(anon)}, {"cow", String.valueOf(n(c, FaultEvent.COW))},
            {"file", String.valueOf(n(c, FaultEvent.FILE_READ) + n(c, FaultEvent.FILE_COW))}, {"shared", String.valueOf(n(c, FaultEvent.FILE_SHARED))},
            {"hugetlb", String.valueOf(n(c, FaultEvent.HUGETLB_FAULTS))},
            {"dax", String.valueOf(n(c, FaultEvent.DAX_PMD_FAULTS) + n(c, FaultEvent.DAX_PTE_FAULTS))},
            {"uffd", String.valueOf(n(c, numasim.vm.UffdEvent.FAULTS))}};
        for (String[] k : kinds) {
            if (!k[1].equals("0") || k[0].equals("anon") || k[0].equals("cow")) {
                s.append(s.length() == 0 ? "" : ", ").append(k[0]).append(' ').append(k[1]);
            }
        }
        return s.toString();
    }

    private static long n(Map<String, Object> c, Event e) {
        return c.get(e.key()) instanceof Number v ? v.longValue() : 0;
    }

    /** One line of the perf block: event {@code e} under its perf label, with {@code comment} (null: none). */
    private static PerfStat.Line line(Map<String, Object> c, Event e, String comment) {
        return PerfStat.count(c, e.key(), e.perfLabel(), comment);
    }
}
