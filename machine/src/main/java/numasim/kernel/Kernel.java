package numasim.kernel;

import java.util.ArrayList;
import java.util.List;

import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.cpu.TlbShootdown;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sim.Counters;
import numasim.sim.InvariantViolation;
import numasim.sim.Sim;
import numasim.sync.RwSem;
import numasim.topology.MachineSpec;
import numasim.topology.Topology;
import numasim.vm.Mm;
import numasim.vm.Vm;
import numasim.vm.VmEnv;

/**
 * One emulated machine booted with its guest kernel: topology, CPUs and scheduler, coherence, physical
 * memory and the address-space code, on one DSOL clock. Workloads start processes on it and run it.
 */
public final class Kernel {
    private final MachineSpec spec;
    private final KernelFeatures features;
    private final Sim sim;
    private final Topology topo;
    private final Counters counters = new Counters();
    private final Coherence coherence;
    private final Scheduler sched;
    private final PhysMem mem;
    private final Vm vm;
    private final RwSem.Stats mmapSemStats = new RwSem.Stats();
    private final List<Process> processes = new ArrayList<>();
    private final Signals signals;
    private int nextPipe = 1;

    /** The unmodified kernel. */
    public Kernel(MachineSpec spec, long seed) {
        this(spec, KernelFeatures.parse("base"), seed);
    }

    public Kernel(MachineSpec spec, KernelFeatures features, long seed) {
        this.spec = spec;
        this.features = features;
        this.sim = new Sim(spec.name(), seed);
        this.topo = new Topology(spec);
        this.coherence = new Coherence(topo, spec.costs(), sim.streams().get("coherence"));
        this.sched = new Scheduler(sim, topo, spec.costs(), counters);
        this.mem = new PhysMem(spec, topo, coherence, counters);
        TlbShootdown shootdown = new TlbShootdown(sim, sched, coherence, spec.costs(), counters, spec.flushByIpi());
        int pteBits = spec.pageSize() == 4096 ? 9 : 8; // x86-64: 512 entries; ppc64 64K hash: 256
        this.signals = new Signals(spec.costs(), coherence, counters);
        this.vm = new Vm(new VmEnv(sim, sched, mem, shootdown, coherence, spec.costs(), counters, spec.pageShift(), pteBits, mmapSemStats,
                features.has("spf"), features.has("thp"), spec.faultAroundBytes()));
    }

    public MachineSpec spec() {
        return spec;
    }

    public KernelFeatures features() {
        return features;
    }

    public Sim sim() {
        return sim;
    }

    public Topology topology() {
        return topo;
    }

    public Counters counters() {
        return counters;
    }

    public Scheduler sched() {
        return sched;
    }

    public PhysMem mem() {
        return mem;
    }

    public Vm vm() {
        return vm;
    }

    public RwSem.Stats mmapSemStats() {
        return mmapSemStats;
    }

    public double now() {
        return sim.now();
    }

    public long pageSize() {
        return spec.pageSize();
    }

    /** A new process with an empty address space; give it threads with {@link Process#clone}. */
    public Process spawn(String comm, int node) {
        Mm mm = vm.newMm(node);
        Process p = new Process(this, sched.allocTgid(), comm, mm);
        processes.add(p);
        return p;
    }

    /** The process a task belongs to. */
    public Process processOf(Task t) {
        for (Process p : processes) {
            if (p.threads().contains(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no process has task " + t);
    }

    /** A process around an address space made by fork. */
    Process adopt(String comm, Mm mm) {
        Process p = new Process(this, sched.allocTgid(), comm, mm);
        processes.add(p);
        return p;
    }

    /** A file on tmpfs ({@code tmpfs}) or on disk; its pages come into the page cache when touched. */
    public numasim.vm.File createFile(String name, boolean tmpfs, long size) {
        return vm.pageCache().create(name, tmpfs, size);
    }

    Signals signals() {
        return signals;
    }

    Pipe newPipe() {
        return new Pipe(nextPipe++, this, coherence);
    }

    Coherence coherence() {
        return coherence;
    }

    public WaitQueue waitQueue() {
        return new WaitQueue(sched);
    }

    /** Runs until every event is done or {@code limitNs}; then checks every invariant. */
    public void run(double limitNs) {
        sim.runUntilIdle(limitNs);
        List<String> problems = checkInvariants(!sim.hasPendingEvents());
        if (!problems.isEmpty()) {
            throw new InvariantViolation("invariant broken at t=" + sim.now() + " ns:\n  " + String.join("\n  ", problems));
        }
    }

    /** Conservation of every zone, page tables and locks of live mms, and (if drained) no task left blocked. */
    public List<String> checkInvariants(boolean drained) {
        List<String> problems = new ArrayList<>(mem.check());
        for (Mm mm : vm.liveMms()) {
            problems.addAll(vm.check(mm));
        }
        if (drained) {
            for (Task t : sched.liveTasks()) {
                problems.add("task " + t + " never finished (state " + t.state() + ")");
            }
        }
        return problems;
    }

    /** Heap frames the zones track: grows with memory touched, not with memory installed. */
    public long trackedFrames() {
        long n = 0;
        for (Zone z : mem.zones()) {
            n += z.trackedFrames();
        }
        return n;
    }
}
