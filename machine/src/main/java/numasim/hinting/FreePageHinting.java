package numasim.hinting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import numasim.boot.Core;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sim.Counters;
import numasim.sim.Sim;
import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * What the hinting variants share: the hook after buddy merging, one work item run by a kernel worker
 * thread on the CPU it was queued on, the balloon it reports through, and the figures every run reports
 * (pages reported per node, latency from a block becoming free to the host discarding it, isolated pages
 * at the peak, the worker's CPU time).
 */
public abstract class FreePageHinting implements PhysMem.FreeHook {
    protected final Sim sim;
    protected final Scheduler sched;
    protected final PhysMem mem;
    protected final Costs costs;
    protected final Counters counters;
    protected final int order;
    final Balloon balloon;
    protected final Task worker;
    private boolean pending;
    private boolean running;
    private boolean timerPending;
    private int queuedCpu;
    private final long[] reportedPages;
    private final Map<Long, Double> freedAt = new HashMap<>();
    private final DescriptiveStatistics latencyMs = new DescriptiveStatistics();
    private long isolated;
    private long peakIsolated;

    FreePageHinting(Core core, int order, Balloon balloon) {
        this.sim = core.sim();
        this.sched = core.sched();
        this.mem = core.mem();
        this.costs = core.costs();
        this.counters = core.counters();
        this.order = order;
        this.balloon = balloon;
        this.reportedPages = new long[sched.topology().nodes()];
        this.worker = sched.createKthread("kworker/hinting");
        sched.start(worker, 0, this::workerLoop);
    }

    /** The variant's name, as given to --kernel hinting=. */
    public abstract String variant();

    /** The smallest order hinted. */
    public int order() {
        return order;
    }

    /** Boot: the balloon driver registers with the core (page_hinting_enable / page_reporting_register). */
    public abstract void enable();

    /** True while work is queued, running or waiting on a timer. */
    public boolean busy() {
        return pending || running || timerPending;
    }

    // ---- the work item ----------------------------------------------------------------------------

    /** queue_work_on(cpu): no-op if already pending; a running item runs again after it finishes. */
    protected void queueWork(int cpu, double at) {
        if (pending) {
            return;
        }
        pending = true;
        queuedCpu = cpu;
        sim.at(Math.max(at, sim.now()), () -> {
            if (!running && worker.state() == Task.State.BLOCKED) {
                sched.wakeOn(worker, queuedCpu);
            }
        });
    }

    /** schedule_delayed_work: a timer queues the work {@code delayNs} after {@code at}. */
    protected void queueDelayedWork(int cpu, double at, double delayNs) {
        if (timerPending) {
            return;
        }
        timerPending = true;
        sim.at(Math.max(at, sim.now()) + delayNs, () -> {
            timerPending = false;
            queueWork(cpu, sim.now());
        });
    }

    private void workerLoop() {
        if (!pending) {
            worker.block(this::workerLoop);
            return;
        }
        pending = false;
        running = true;
        work(worker, () -> worker.sync(() -> {
            running = false;
            workerLoop();
        }));
    }

    /** The work function: runs on {@code w}, calls {@code done} when finished. */
    protected abstract void work(Task w, Runnable done);

    // ---- figures ----------------------------------------------------------------------------------

    /** A block of {@code ord} at zone index {@code idx} became free (for the latency figure). */
    protected void noteFree(Zone z, int idx, int ord) {
        if (ord >= order) {
            freedAt.put(z.startPfn + idx, sim.now());
        }
    }

    protected void isolated(long pages) {
        isolated += pages;
        peakIsolated = Math.max(peakIsolated, isolated);
    }

    /** Host acknowledged a block: count it and its latency since it became free. */
    protected void processed(long pfn, int ord) {
        reportedPages[mem.nodeOf(pfn)] += 1L << ord;
        counters.add(HintingEvent.REPORTED_PAGES, 1L << ord);
        counters.add(HintingEvent.REPORTED_BLOCKS, 1);
        Double t = freedAt.remove(pfn);
        if (t != null) {
            latencyMs.addValue((sim.now() - t) / 1e6);
        }
    }

    /** Reports blocks through the balloon; {@code w} sleeps until the host acknowledges them. */
    protected void report(Task w, List<long[]> blocks, Runnable k) {
        long[] pfns = new long[blocks.size()];
        int[] orders = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            pfns[i] = blocks.get(i)[0];
            orders[i] = (int) blocks.get(i)[1];
        }
        balloon.report(w, pfns, orders, pfns.length, this::processed, k);
    }

    /** Isolated pages given back to the buddy. */
    protected void returned(long pages) {
        isolated -= pages;
    }

    public long reportedPages(int node) {
        return reportedPages[node];
    }

    public long isolatedPages() {
        return isolated;
    }

    public long peakIsolatedPages() {
        return peakIsolated;
    }

    public double workerCpuMs() {
        return (worker.sysNs() + worker.userNs()) / 1e6;
    }

    /** Latency from a block becoming free to the host having discarded it (ms): count, mean, p50, p99, max. */
    public DescriptiveStatistics latencyMs() {
        return latencyMs;
    }

    public long kicks() {
        return balloon.kicks();
    }

    /** Zones in the kernel's for_each_zone order: node by node, zone numbers ascending. */
    protected List<Zone> zonesInOrder() {
        List<Zone> l = new ArrayList<>(mem.zones());
        l.sort((a, b) -> a.node != b.node ? Integer.compare(a.node, b.node) : Integer.compare(a.type.zoneNum(), b.type.zoneNum()));
        return l;
    }

    /** Time to scan {@code words} words of a bitmap (find_next_bit, ~2 cycles a word). */
    protected double scanNs(long words) {
        return words * 2 / costs.raw(Cost.CPU_GHZ);
    }
}
