package numasim.kernel;

import java.util.ArrayList;
import java.util.List;
import numasim.sync.RwSemEvent;

import numasim.boot.Core;
import numasim.coherence.Coherence;
import numasim.cpu.Scheduler;
import numasim.cpu.Task;
import numasim.cpu.TlbShootdown;
import numasim.hinting.FreePageHinting;
import numasim.hinting.Hinting;
import numasim.hinting.HintingMonitor;
import numasim.host.GuestMemory;
import numasim.host.Host;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sim.Counters;
import numasim.sim.InvariantViolation;
import numasim.sim.Sim;
import numasim.sync.RwSem;
import numasim.topology.ConfigException;
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
    private final Counters counters;
    private final Coherence coherence;
    private final numasim.cpu.SmpCall smpCall;
    private final Scheduler sched;
    private final PhysMem mem;
    private final Vm vm;
    private final Core core;
    private final UserEnv userEnv = new UserEnv(this);
    private final RwSem.Stats mmapSemStats;
    /** The process of every task (threads and the first thread alike); exited tasks leave it. */
    private final java.util.Map<Task, Process> processOf = new java.util.HashMap<>();
    private final Signals signals;
    private int nextPipe = 1;
    private final int hintingOrder;
    private GuestMemory guestMemory;
    private FreePageHinting hinting;
    private HintingMonitor monitor;

    /** The unmodified kernel. */
    public Kernel(MachineSpec spec, long seed) {
        this(spec, KernelFeatures.parse("base"), seed);
    }

    public Kernel(MachineSpec spec, KernelFeatures features, long seed) {
        this(spec, features, seed, null);
    }

    /**
     * A kernel on {@code sharedSim} (null: its own clock): several guests of one host run on one clock,
     * each with its own seed.
     */
    public Kernel(MachineSpec spec, KernelFeatures features, long seed, Sim sharedSim) {
        this.spec = spec;
        this.features = features;
        this.counters = Events.boot(spec.nodes());
        this.mmapSemStats = new RwSem.Stats(counters, numasim.sync.RwSemEvent.Lock.MMAP_SEM);
        this.hintingOrder = hintingOrder(spec, features);
        this.sim = sharedSim != null ? sharedSim : new Sim(spec.name(), seed);
        this.topo = new Topology(spec);
        this.coherence = new Coherence(topo, spec.costs(), sim.streams().get("coherence"));
        this.sched = new Scheduler(sim, topo, spec.costs(), counters);
        this.mem = new PhysMem(spec, topo, coherence, counters);
        this.smpCall = new numasim.cpu.SmpCall(sim, sched, coherence, spec.costs());
        TlbShootdown shootdown = new TlbShootdown(sched, smpCall, spec.costs(), counters, spec.flushByIpi());
        int pteBits = spec.pageSize() == 4096 ? 9 : 8; // x86-64: 512 entries; ppc64 64K hash: 256
        this.signals = new Signals(spec.costs(), coherence, counters);
        this.core = new Core(sim, sched, mem, coherence, spec.costs(), counters);
        this.vm = new Vm(new VmEnv(core, shootdown, new VmEnv.Paging(spec.pageShift(), pteBits, spec.faultAroundBytes()), mmapSemStats,
                features.spf(), features.thp()),
                spec.nodes() * (spec.memoryPerNode() / spec.pageSize()), spec.deviceMemory() / spec.pageSize());
    }

    private static int hintingOrder(MachineSpec spec, KernelFeatures features) {
        String variant = features.hintingVariant();
        if (!variant.equals("none") && !spec.guest()) {
            throw new ConfigException("kernel", "free page hinting needs a guest machine (guest: true); " + spec.name() + " is not one");
        }
        if (features.hintingOrder() == null) {
            return Hinting.defaultOrder(variant, spec);
        }
        int order = features.hintingOrder();
        if (order > spec.maxOrder() - 1) {
            throw new ConfigException("kernel", "hinting_order " + order + " is above MAX_ORDER-1 (" + (spec.maxOrder() - 1) + ") of " + spec.name());
        }
        return order;
    }

    /** The hinting monitor's default sampling interval (ns). */
    public static final double SAMPLE_INTERVAL_NS = 100e6;

    /**
     * Puts {@code host} behind this guest's memory: frames are backed on first touch from now on, and the
     * hinting variant the kernel was booted with starts (the balloon driver registers); the hinting
     * monitor samples every 100 ms.
     */
    public GuestMemory attachHost(Host host) {
        return attachHost(host, SAMPLE_INTERVAL_NS);
    }

    /** {@link #attachHost(Host)} with the hinting monitor sampling every {@code sampleNs}. */
    public GuestMemory attachHost(Host host, double sampleNs) {
        if (guestMemory != null) {
            throw new IllegalStateException("a host is already attached");
        }
        if (!spec.guest()) {
            throw new ConfigException("host", spec.name() + " is not a guest machine (guest: true): it has no host");
        }
        guestMemory = host.attach(spec.name() + "#" + (host.guests().size() + 1), spec.nodes(), spec.memoryPerNode() / spec.pageSize(), spec.pageSize(), counters);
        mem.setBacking(guestMemory);
        hinting = Hinting.create(features.hintingVariant(), hintingOrder, core, guestMemory);
        monitor = new HintingMonitor(core, guestMemory, hinting, hintingOrder, spec.pageSize(), sampleNs);
        return guestMemory;
    }

    /** The memory the host sees, the hinting variant and its monitor (null without a host / with none). */
    public GuestMemory guestMemory() {
        return guestMemory;
    }

    public FreePageHinting hinting() {
        return hinting;
    }

    public HintingMonitor hintingMonitor() {
        return monitor;
    }

    /** Starts what watches the run (the hinting monitor); {@link #run} does it, a shared clock's driver calls it. */
    public void startMonitors() {
        if (monitor != null) {
            monitor.start();
        }
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
        return new Process(this, sched.allocTgid(), comm, mm);
    }

    /** The process a live task belongs to. */
    public Process processOf(numasim.user.Pthread t) {
        Process p = processOf.get(t);
        if (p == null) {
            throw new IllegalArgumentException("no process has task " + t);
        }
        return p;
    }

    void threadStarted(Task t, Process p) {
        processOf.put(t, p);
    }

    void threadExited(Task t) {
        processOf.remove(t);
    }

    /** A process around an address space made by fork. */
    Process adopt(String comm, Mm mm) {
        return new Process(this, sched.allocTgid(), comm, mm);
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

    numasim.cpu.SmpCall smpCall() {
        return smpCall;
    }

    Coherence coherence() {
        return coherence;
    }

    /** What programs running on this machine see of it. */
    public UserEnv userEnv() {
        return userEnv;
    }

    public WaitQueue waitQueue() {
        return new WaitQueue(sched);
    }

    /** Runs until every event is done or {@code limitNs}; then checks every invariant. */
    public void run(double limitNs) {
        startMonitors();
        sim.runUntilIdle(limitNs);
        List<String> problems = checkInvariants(!sim.hasPendingEvents());
        if (!problems.isEmpty()) {
            throw new InvariantViolation("invariant broken at t=" + sim.now() + " ns:\n  " + String.join("\n  ", problems));
        }
    }

    /** Runs guests that share one clock (one host) until every event is done or {@code limitNs}; checks each. */
    public static void runAll(List<Kernel> guests, double limitNs) {
        guests.forEach(Kernel::startMonitors);
        Sim sim = guests.get(0).sim;
        sim.runUntilIdle(limitNs);
        List<String> problems = new ArrayList<>();
        for (Kernel k : guests) {
            for (String p : k.checkInvariants(!sim.hasPendingEvents())) {
                problems.add(k.guestMemory == null ? p : k.guestMemory.name + ": " + p);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvariantViolation("invariant broken at t=" + sim.now() + " ns:\n  " + String.join("\n  ", problems));
        }
    }

    /** Conservation of every zone, page tables and locks of live mms, and (if drained) no task left blocked. */
    public List<String> checkInvariants(boolean drained) {
        List<String> problems = new ArrayList<>(mem.check());
        problems.addAll(vm.daxCheck());
        problems.addAll(vm.committedCheck());
        if (hinting != null) {
            long inZones = 0;
            for (Zone z : mem.zones()) {
                inZones += z.isolatedPages();
            }
            if (inZones != hinting.isolatedPages()) {
                problems.add("zones hold " + inZones + " isolated frames, free page hinting accounts for " + hinting.isolatedPages());
            }
            if (drained && hinting.isolatedPages() != 0) {
                problems.add(hinting.isolatedPages() + " frames isolated by free page hinting never came back");
            }
        }
        for (Mm mm : vm.liveMms()) {
            problems.addAll(vm.check(mm));
        }
        if (drained) {
            problems.addAll(vm.checkTlbs());
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
