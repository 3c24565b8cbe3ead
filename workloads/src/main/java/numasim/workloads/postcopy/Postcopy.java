package numasim.workloads.postcopy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import nl.tudelft.simulation.jstats.streams.StreamInterface;
import numasim.kernel.MigrationLink;
import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.Sizes;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.Userfaultfd;
import numasim.vm.Vma;
import numasim.workloads.LongOptions;
import numasim.workloads.Touch;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/**
 * Post-copy live migration of a VM's memory, on the destination: vCPU threads touch the guest's working
 * set in random order while QEMU's fault thread reads userfaults and its listen thread places pages that
 * arrive from the source over a link of given latency and bandwidth. Before switch-over, {@code
 * --precopied} of the working set already arrived: in {@code missing} mode (anonymous or hugetlbfs guest
 * RAM) it waits in a staging buffer and every fault on it is resolved with UFFDIO_COPY; in {@code minor}
 * mode the guest RAM is a shared shmem or hugetlbfs file mapped twice, the arrived pages were written
 * through the second mapping, and a fault on them is a minor fault resolved with UFFDIO_CONTINUE (no
 * copy). A page not there yet is requested from the source and placed with UFFDIO_COPY when it arrives.
 * On hugetlbfs faults, copies and transfers are whole huge pages.
 */
public final class Postcopy implements Workload {
    static final Set<String> KNOWN = Set.of("--guest-size", "--mode", "--backing", "--link-latency", "--link-bandwidth", "--vcpus",
            "--working-set", "--precopied", "--think");

    record Options(long guestSize, boolean minor, String backing, double latencyNs, double bytesPerNs, int vcpus, long workingSet,
            double precopied, double thinkNs) {
    }

    private final Options o;
    private UserEnv env;
    private Process vm;
    private Userfaultfd uffd;
    private long guest;
    private long fill;
    private long pages;
    /** The unit faults are resolved and pages transferred in: a base page, or a huge page on hugetlbfs. */
    private long unit;
    private long units;
    private BitSet arrived;
    private final BitSet requested = new BitSet();
    /** The migration stream from the source. */
    private MigrationLink link;
    private long transferred;
    private long precopiedPages;
    private long copies;
    private long continues;
    private final DescriptiveStatistics latencyUs = new DescriptiveStatistics();
    private int running;
    private double switchover;
    private double resident;
    private StreamInterface random;

    Postcopy(Options o) {
        this.o = o;
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        this.random = env.random("postcopy");
        this.pages = o.workingSet() / env.pageSize();
        boolean huge = o.backing().equals("hugetlbfs");
        this.unit = huge ? env.hugePageSize() : env.pageSize();
        this.link = env.migrationLink(o.latencyNs(), o.bytesPerNs());
        this.units = (o.workingSet() + unit - 1) / unit;
        vm = env.spawn("qemu", 0);
        vm.start("qemu", 0, this::setUp);
    }

    /** Maps guest RAM, registers it, receives the pre-copied pages, then starts the threads. */
    private void setUp(Pthread t) {
        uffd = vm.userfaultfd(t);
        long features = o.backing().equals("hugetlbfs") ? Userfaultfd.FEATURE_MINOR_HUGETLBFS | Userfaultfd.FEATURE_MISSING_HUGETLBFS
                : o.minor() ? Userfaultfd.FEATURE_MINOR_SHMEM | Userfaultfd.FEATURE_MISSING_SHMEM : 0;
        check("UFFDIO_API", uffd.api(t, Userfaultfd.UFFD_API, features));
        int rw = Vma.VM_READ | Vma.VM_WRITE;
        arrived = new BitSet();
        for (long i = 0; i < units; i++) {
            if (random.nextDouble() < o.precopied()) {
                arrived.set((int) i);
            }
        }
        precopiedPages = arrived.cardinality();
        File ram;
        if (o.backing().equals("hugetlbfs")) {
            // the guest's huge pages are reserved up front (vm.nr_hugepages, as for a hugepage-backed
            // guest): Linux interleaves them over the nodes
            long need = o.guestSize() / unit;
            long got = env.reserveHugepages((int) need);
            if (got < need) {
                throw new IllegalStateException("postcopy: only " + got + " of " + need + " huge pages could be reserved");
            }
            ram = env.createHugetlbFile("guest-ram", o.guestSize());
        } else if (o.minor()) {
            ram = env.createFile("guest-ram", true, o.guestSize());
        } else {
            ram = null; // anonymous guest RAM
        }
        if (!o.minor()) {
            LongConsumer mapped = a -> {
                guest = a;
                uffd.register(t, a, o.guestSize(), Userfaultfd.MODE_MISSING, r -> go(t, r));
            };
            if (ram == null) {
                vm.mmapAnon(t, o.guestSize(), rw, mapped);
            } else {
                vm.mmapFile(t, ram, 0, o.guestSize(), rw | Vma.VM_SHARED, mapped);
            }
            return;
        }
        vm.mmapFile(t, ram, 0, o.guestSize(), rw | Vma.VM_SHARED, f -> vm.mmapFile(t, ram, 0, o.guestSize(), rw | Vma.VM_SHARED, g -> {
            fill = f;
            guest = g;
            receivePrecopied(t, arrived.nextSetBit(0), () -> uffd.register(t, g, o.guestSize(),
                    Userfaultfd.MODE_MISSING | Userfaultfd.MODE_MINOR, r -> go(t, r)));
        }));
    }

    /** Minor mode: QEMU writes the pages that arrived before switch-over through its own mapping. */
    private void receivePrecopied(Pthread t, int page, Runnable k) {
        if (page < 0) {
            k.run();
            return;
        }
        Touch.eachPage(vm, t, fill + (long) page * unit, unit, 0, () -> receivePrecopied(t, arrived.nextSetBit(page + 1), k));
    }

    private void check(String what, long r) {
        if (r < 0) {
            throw new IllegalStateException("postcopy: " + what + " failed with errno " + (-r));
        }
    }

    private void go(Pthread t, long registered) {
        check("UFFDIO_REGISTER", registered);
        switchover = env.now();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            order.add(i);
        }
        // each vCPU touches its share of the working set in random order
        for (int i = order.size() - 1; i > 0; i--) {
            int j = (int) (random.nextDouble() * (i + 1));
            Integer x = order.get(i);
            order.set(i, order.get(j));
            order.set(j, x);
        }
        running = o.vcpus();
        int cpus = env.topology().cpus();
        vm.clone(t, "fault", 1 % cpus, null, this::faultThread, f -> vm.clone(t, "listen", 2 % cpus, null, this::listenThread,
                l -> startVcpus(t, order, 0)));
    }

    /** QEMU's vCPU threads, each touching its share of the working set. */
    private void startVcpus(Pthread t, List<Integer> order, int c) {
        if (c == o.vcpus()) {
            vm.exit(t);
            return;
        }
        List<Integer> mine = new ArrayList<>();
        for (int i = c; i < order.size(); i += o.vcpus()) {
            mine.add(order.get(i));
        }
        vm.clone(t, "vcpu" + c, (3 + c) % env.topology().cpus(), null, v -> vcpu(v, mine, 0), v -> startVcpus(t, order, c + 1));
    }

    private void vcpu(Pthread v, List<Integer> mine, int i) {
        if (i == mine.size()) {
            if (--running == 0) {
                resident = env.now();
                endHelpers(v);
                uffd.release(v); // QEMU closes the userfaultfd: the fault thread reads end of file
            }
            vm.exit(v);
            return;
        }
        long addr = guest + (long) mine.get(i) * env.pageSize();
        double t0 = v.cursor();
        Runnable next = () -> vm.compute(v, o.thinkNs(), () -> vcpu(v, mine, i + 1));
        if (vm.access(v, addr, true, () -> {
            latencyUs.addValue((v.cursor() - t0) / 1e3);
            vcpuRetry(v, addr, next);
        })) {
            next.run();
        }
    }

    private void vcpuRetry(Pthread v, long addr, Runnable next) {
        if (vm.access(v, addr, true, () -> vcpuRetry(v, addr, next))) {
            next.run();
        }
    }

    private boolean done;

    private void endHelpers(Pthread v) {
        done = true;
        link.close();
    }

    /** QEMU's fault thread: resolve a fault on an arrived page at once, or ask the source for it. */
    private void faultThread(Pthread f) {
        if (done) {
            vm.exit(f);
            return;
        }
        uffd.read(f, m -> {
            if (m == null || done) {
                vm.exit(f);
                return;
            }
            int page = (int) ((m.address() - guest) / unit);
            long at = guest + page * unit;
            if ((m.flags() & Userfaultfd.FLAG_MINOR) != 0) {
                uffd.cont(f, at, unit, 0, r -> {
                    continues += r == 0 ? 1 : 0;
                    faultThread(f);
                });
            } else if (arrived.get(page)) {
                uffd.copy(f, at, unit, 0, r -> {
                    copies += r == 0 ? 1 : 0;
                    if (r == Userfaultfd.EEXIST) {
                        uffd.wake(f, at, unit);
                    }
                    faultThread(f);
                });
            } else {
                request(f, page);
                faultThread(f);
            }
        });
    }

    /** A page request to the source: it arrives after the link's latency, serialised at its bandwidth. */
    private void request(Pthread f, int page) {
        if (requested.get(page)) {
            return;
        }
        requested.set(page);
        transferred++;
        link.request(page, unit);
    }

    /** QEMU's listen thread: places each page that arrives from the source (UFFDIO_COPY wakes the faulters). */
    private void listenThread(Pthread l) {
        link.receive(l, page -> {
            if (page < 0) {
                vm.exit(l); // the stream ended: the working set is resident
                return;
            }
            place(l, page);
        });
    }

    private void place(Pthread l, long page) {
        arrived.set((int) page);
        long addr = guest + page * unit;
        uffd.copy(l, addr, unit, 0, r -> {
            copies += r == 0 ? 1 : 0;
            if (r == Userfaultfd.EEXIST) {
                uffd.wake(l, addr, unit);
            }
            listenThread(l);
        });
    }

    @Override
    public double limitNs() {
        return 3600e9;
    }

    @Override
    public WorkloadReport report() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        double p50 = latencyUs.getN() == 0 ? 0 : latencyUs.getPercentile(50);
        double p90 = latencyUs.getN() == 0 ? 0 : latencyUs.getPercentile(90);
        double p99 = latencyUs.getN() == 0 ? 0 : latencyUs.getPercentile(99);
        m.put("unit_bytes", unit);
        m.put("faults", latencyUs.getN());
        m.put("fault_latency_p50_us", round(p50));
        m.put("fault_latency_p90_us", round(p90));
        m.put("fault_latency_p99_us", round(p99));
        m.put("fault_latency_max_us", round(latencyUs.getN() == 0 ? 0 : latencyUs.getMax()));
        m.put("pages_transferred", transferred);
        m.put("pages_precopied", precopiedPages);
        m.put("uffdio_copy", copies);
        m.put("uffdio_continue", continues);
        m.put("working_set_resident_ms", round((resident - switchover) / 1e6));
        String out = String.format(Locale.ROOT, "postcopy: %s guest, %s working set, mode %s (%s), %d vCPUs, link %.0f us / %.1f Gbit/s%n"
                + "faults %d: latency p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n"
                + "pages of %s: %d pre-copied, %d transferred on demand, %d UFFDIO_COPY, %d UFFDIO_CONTINUE%n"
                + "working set resident %.3f ms after switch-over%n",
                Sizes.format(o.guestSize()), Sizes.format(o.workingSet()), o.minor() ? "minor" : "missing", o.backing(), o.vcpus(),
                o.latencyNs() / 1e3, o.bytesPerNs() * 8, latencyUs.getN(), p50, p90, p99, latencyUs.getN() == 0 ? 0 : latencyUs.getMax(),
                Sizes.format(unit), precopiedPages, transferred, copies, continues, (resident - switchover) / 1e6);
        return new WorkloadReport(out, m);
    }

    /** Fault latencies (us) of every faulting access, for a CDF. */
    public double[] latenciesUs() {
        return latencyUs.getValues();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** {@code postcopy --guest-size 16G --mode missing|minor [--backing anon|shmem|hugetlbfs] ...}. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        WorkloadFactory.noSettings("postcopy", settings);
        LongOptions o = new LongOptions(args, KNOWN);
        String f = "workload.args";
        long size = o.size("--guest-size", 1L << 30);
        String mode = o.has("--mode") ? o.string("--mode") : "missing";
        if (!mode.equals("missing") && !mode.equals("minor")) {
            throw new ConfigException(f, "--mode must be missing or minor, got '" + mode + "'");
        }
        String backing = o.has("--backing") ? o.string("--backing") : mode.equals("minor") ? "shmem" : "anon";
        if (!backing.equals("anon") && !backing.equals("shmem") && !backing.equals("hugetlbfs")) {
            throw new ConfigException(f, "--backing must be anon, shmem or hugetlbfs, got '" + backing + "'");
        }
        if (mode.equals("minor") && backing.equals("anon")) {
            throw new ConfigException(f, "--mode minor needs a file both mappings share: --backing shmem or hugetlbfs");
        }
        if (mode.equals("missing") && backing.equals("shmem")) {
            throw new ConfigException(f, "--mode missing runs on anonymous or hugetlbfs guest RAM: --backing anon or hugetlbfs");
        }
        long hugeBytes = machine.pageSize() << (machine.pageSize() == 4096 ? 9 : 8);
        if (backing.equals("hugetlbfs") && size % hugeBytes != 0) {
            throw new ConfigException(f, "--guest-size must be a multiple of the huge page size (" + Sizes.format(hugeBytes) + ") on hugetlbfs");
        }
        long ws = o.size("--working-set", Math.min(size, 256L << 20));
        if (ws > size) {
            throw new ConfigException(f, "--working-set " + Sizes.format(ws) + " is larger than --guest-size " + Sizes.format(size));
        }
        if (size > machine.memoryPerNode() * machine.nodes()) {
            throw new ConfigException(f, "--guest-size " + Sizes.format(size) + " is more than " + machine.name() + " has");
        }
        double pre = 0.9;
        if (o.has("--precopied")) {
            try {
                pre = Double.parseDouble(o.string("--precopied"));
            } catch (NumberFormatException e) {
                pre = -1;
            }
            if (!(pre >= 0 && pre <= 1)) {
                throw new ConfigException(f, "--precopied must be a fraction in 0..1, got '" + o.string("--precopied") + "'");
            }
        }
        double gbit = 10;
        if (o.has("--link-bandwidth")) {
            String b = o.string("--link-bandwidth").replaceAll("(?i)gbit(/s)?$", "");
            try {
                gbit = Double.parseDouble(b);
            } catch (NumberFormatException e) {
                gbit = -1;
            }
            if (!(gbit > 0)) {
                throw new ConfigException(f, "--link-bandwidth must be a positive Gbit/s figure (e.g. 10), got '" + o.string("--link-bandwidth") + "'");
            }
        }
        double latNs = o.duration("--link-latency", "50us", numasim.topology.Durations.Unit.NS);
        int vcpus = o.integer("--vcpus", Math.max(1, Math.min(4, machine.cpus() - 3)), 1, Math.max(1, machine.cpus() - 3));
        double think = o.seconds("--think", 2e-6);
        return new Postcopy(new Options(size, mode.equals("minor"), backing, latNs, gbit / 8, vcpus, ws, pre, think));
    }
}
