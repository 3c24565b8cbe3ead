package numasim.workloads.daxio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import numasim.kernel.Process;
import numasim.kernel.UserEnv;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;
import numasim.topology.Sizes;
import numasim.user.Pthread;
import numasim.vm.DaxDevice;
import numasim.vm.DaxEvent;
import numasim.vm.FaultEvent;
import numasim.vm.File;
import numasim.vm.Vma;
import numasim.workloads.LongOptions;
import numasim.workloads.Touch;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadFactory;
import numasim.workloads.WorkloadReport;

/**
 * daxio: threads read and write a file on a DAX file system through shared mappings. Each thread walks its
 * share of the file in windows: map the window, touch every page, unmap; then the file is deleted (its
 * layout broken first). Reports throughput, faults by mapping size and the page reference-count
 * operations per page under the chosen scheme ({@code --refcount legacy|normal}).
 */
public final class Daxio implements Workload {
    static final Set<String> KNOWN = Set.of("--file-size", "--refcount", "--threads", "--window", "--passes", "--pmd");

    record Options(long fileSize, DaxDevice.Refcount refcount, int threads, long window, int passes, boolean pmd) {
    }

    private final Options o;
    private UserEnv env;
    private Process p;
    private File file;
    private int running;
    private double start;
    private double end;
    private long touched;
    private String error;

    Daxio(Options o) {
        this.o = o;
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        env.daxRefcount(o.refcount());
        p = env.spawn("daxio", 0);
        p.start("daxio", 0, t -> {
            file = env.createDaxFile("daxio.dat", o.fileSize());
            if (file == null) {
                error = "open(daxio.dat): ENOSPC (no free extent of " + Sizes.format(o.fileSize()) + " on the DAX device)";
                p.exit(t);
                return;
            }
            start = env.now();
            running = o.threads();
            long share = o.fileSize() / o.threads() & -(2L << 20);
            startWorkers(t, share, 0);
        });
    }

    private void startWorkers(Pthread t, long share, int i) {
        if (i == o.threads()) {
            p.exit(t);
            return;
        }
        long from = i * share;
        p.clone(t, "daxio-" + i, -1, null, w -> pass(w, from, share, 0, 0), w -> startWorkers(t, share, i + 1));
    }

    /** One window of a thread's share: mmap, touch each page, munmap; then the next window or pass. */
    private void pass(Pthread w, long from, long share, long off, int passNo) {
        if (off >= share) {
            if (passNo + 1 < o.passes()) {
                pass(w, from, share, 0, passNo + 1);
            } else {
                finish(w);
            }
            return;
        }
        long ps = env.pageSize();
        long shift = o.pmd() ? 0 : ps; // one page off the huge page alignment: PTE mappings only
        long len = Math.min(o.window(), share - off) - shift;
        long pgoff = (from + off + shift) / ps;
        p.mmapFile(w, file, pgoff, len, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, a -> Touch.eachPage(p, w, a, len, 0, () -> {
            touched += len;
            // the data itself moves at memory speed: one copy of the window
            p.compute(w, env.copyNs(len), () -> p.munmap(w, a, len, r -> pass(w, from, share, off + o.window(), passNo)));
        }));
    }

    private void finish(Pthread w) {
        if (--running > 0) {
            p.exit(w);
            return;
        }
        end = env.now();
        p.unlink(w, file, () -> p.exit(w));
    }

    @Override
    public double limitNs() {
        return 3600e9;
    }

    @Override
    public WorkloadReport report() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        if (error != null) {
            m.put("error", error);
            return new WorkloadReport("daxio: " + error + "\n", m);
        }
        double s = (end - start) / 1e9;
        long pages = touched / env.pageSize();
        long ops = env.vmstat(DaxEvent.REFCOUNT_OPS);
        m.put("refcount", o.refcount().name().toLowerCase(Locale.ROOT));
        m.put("bytes", touched);
        m.put("gb_per_s", Math.round(touched / 1e9 / s * 100) / 100.0);
        m.put("pmd_faults", env.vmstat(FaultEvent.DAX_PMD_FAULTS));
        m.put("pte_faults", env.vmstat(FaultEvent.DAX_PTE_FAULTS));
        m.put("refcount_ops", ops);
        m.put("refcount_ops_per_page", Math.round(1000.0 * ops / Math.max(1, pages)) / 1000.0);
        m.put("truncate_warnings", env.vmstat(DaxEvent.TRUNCATE_LIVE_ENTRY_WARNINGS));
        String out = String.format(Locale.ROOT, "daxio: %s file, %d threads, %d pass(es) of %s windows, refcount %s%n"
                + "%s in %.3f s: %.2f GB/s; faults: %d PMD, %d PTE%n"
                + "page reference-count operations: %d (%.3f per 4 KiB page touched); truncate warnings: %d%n",
                Sizes.format(o.fileSize()), o.threads(), o.passes(), Sizes.format(o.window()), m.get("refcount"), Sizes.format(touched), s,
                m.get("gb_per_s"), m.get("pmd_faults"), m.get("pte_faults"), ops, m.get("refcount_ops_per_page"), m.get("truncate_warnings"));
        return new WorkloadReport(out, m);
    }

    /** {@code daxio --file-size 8G --refcount normal|legacy [--threads N] [--window 64M] [--passes N] [--pmd yes|no]}. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        String f = "workload.args";
        WorkloadFactory.noSettings("daxio", settings);
        if (machine.deviceMemory() == 0) {
            throw new ConfigException("machine", machine.name() + " has no device memory for DAX (memory.device_memory; try two-node-pmem)");
        }
        LongOptions o = new LongOptions(args, KNOWN);
        long size = o.size("--file-size", 1L << 30);
        if (size > machine.deviceMemory()) {
            throw new ConfigException(f, "--file-size " + Sizes.format(size) + " is larger than the DAX device (" + Sizes.format(machine.deviceMemory())
                    + "): ENOSPC");
        }
        String r = o.has("--refcount") ? o.string("--refcount") : "normal";
        if (!r.equals("normal") && !r.equals("legacy")) {
            throw new ConfigException(f, "--refcount must be legacy or normal, got '" + r + "'");
        }
        String pmd = o.has("--pmd") ? o.string("--pmd") : "yes";
        if (!pmd.equals("yes") && !pmd.equals("no")) {
            throw new ConfigException(f, "--pmd must be yes or no, got '" + pmd + "'");
        }
        long window = o.size("--window", 64L << 20);
        if (window % (2L << 20) != 0) {
            throw new ConfigException(f, "--window must be a multiple of 2M, got " + Sizes.format(window));
        }
        int threads = o.integer("--threads", 4, 1, machine.cpus());
        if (size / threads < (2L << 20)) {
            throw new ConfigException(f, "--file-size " + Sizes.format(size) + " gives each of " + threads + " threads less than 2 MiB");
        }
        return new Daxio(new Options(size, r.equals("legacy") ? DaxDevice.Refcount.LEGACY : DaxDevice.Refcount.NORMAL, threads, window,
                o.integer("--passes", 1, 1, 1000), pmd.equals("yes")));
    }
}
