package numasim.workloads.kernbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import numasim.topology.ConfigException;
import numasim.topology.MachineSpec;

import nl.tudelft.simulation.jstats.distributions.DistLogNormal;
import nl.tudelft.simulation.jstats.streams.StreamInterface;
import numasim.kernel.ExecImage;
import numasim.kernel.Process;
import numasim.kernel.Rusage;
import numasim.kernel.UserEnv;
import numasim.kernel.WaitQueue;
import numasim.user.Pthread;
import numasim.vm.File;
import numasim.vm.Vma;
import numasim.workloads.Workload;
import numasim.workloads.WorkloadReport;

/**
 * kernbench: for each load, {@code runs} timed builds of a kernel tree. A build is make forking compile
 * jobs, at most -j at a time; each job runs the gcc driver, which forks cc1 (maps its binary and touches
 * part of its text, reads the source and headers through the page cache, faults in its heap while it
 * computes, writes assembly to /tmp) and then as (reads the assembly, writes the object). Every process is
 * single-threaded. GNU time reports make and all its children: elapsed, user, system, percent CPU,
 * involuntary (context switches) and voluntary (sleeps) switches.
 */
public final class Kernbench implements Workload {
    /** One timed build. */
    record BuildStats(double elapsed, double user, double sys, double percent, long ctx, long sleeps) {
    }

    private final KernbenchOptions o;
    private final BuildProfile prof;
    private final int jobsPerBuild;
    private final boolean reduced;
    private UserEnv env;
    private long ps;
    private StreamInterface random;
    /** cc1's CPU time per source file: drawn once, so every build (and every kernel) compiles the same tree. */
    private double[] jobCpuS;
    private final Map<String, File> bins = new LinkedHashMap<>();
    private final Map<String, File> libs = new LinkedHashMap<>();
    private File headers;
    private File sources;
    private final List<File> outputs = new ArrayList<>();
    private final Map<String, List<BuildStats>> results = new LinkedHashMap<>();

    Kernbench(KernbenchOptions o, BuildProfile prof, int jobsPerBuild) {
        this.o = o;
        this.prof = prof;
        this.jobsPerBuild = jobsPerBuild;
        this.reduced = jobsPerBuild < prof.jobs();
    }

    @Override
    public double limitNs() {
        // a build of the full tree takes well under three hours on every preset
        return 1e9 * 3600 * 3 * o.runs() * o.loads().size();
    }

    @Override
    public void start(UserEnv env) {
        this.env = env;
        this.ps = env.pageSize();
        this.random = env.random("kernbench");
        double m = prof.cpuMeanS();
        double v = prof.cpuSdS() * prof.cpuSdS();
        double sigma2 = Math.log(1 + v / (m * m));
        DistLogNormal cpuDist = new DistLogNormal(env.random("kernbench-tree"), Math.log(m) - sigma2 / 2, Math.sqrt(sigma2));
        this.jobCpuS = new double[jobsPerBuild];
        for (int i = 0; i < jobsPerBuild; i++) {
            jobCpuS[i] = cpuDist.draw();
        }
        // "Caching kernel source in ram...": the tree and the toolchain are in the page cache before the runs
        for (String name : List.of("gcc", "cc1", "as")) {
            BuildProfile.Program p = prof.programs().get(name);
            File bin = env.createFile("/usr/bin/" + name, false, Math.max(ps, p.textBytes()));
            File lib = env.createFile("/usr/lib/" + name + "-libs", false, Math.max(ps, p.libBytes()));
            env.cached(bin, 0);
            env.cached(lib, 0);
            bins.put(name, bin);
            libs.put(name, lib);
        }
        headers = env.createFile("include", false, Math.max(ps, 4 * prof.headers() * prof.headerBytes()));
        sources = env.createFile("sources", false, Math.max(ps, jobsPerBuild * prof.sourceBytes()));
        env.cached(headers, 0);
        env.cached(sources, 0);
        Process shell = env.spawn("kernbench", 0);
        shell.start("kernbench", -1, t -> nextRun(shell, t, 0, 0));
    }

    // ---- the script: loads x runs, each "make clean; sync; time make -j N" --------------------------

    private void nextRun(Process shell, Pthread t, int load, int run) {
        if (load == o.loads().size()) {
            shell.exit(t);
            return;
        }
        if (run == o.runs()) {
            nextRun(shell, t, load + 1, 0);
            return;
        }
        KernbenchOptions.Load l = o.loads().get(load);
        makeClean(shell, t, () -> build(shell, t, load, run, l));
    }

    private void build(Process shell, Pthread t, int load, int run, KernbenchOptions.Load l) {
        double start = env.now();
        List<Process> tree = new ArrayList<>();
        shell.fork(t, "make", (mp, mt) -> make(mp, mt, l.jobs(), tree), make -> {
            tree.add(make);
            shell.waitChild(t, make, () -> {
                results.computeIfAbsent(l.runName(), x -> new ArrayList<>()).add(stats(tree, env.now() - start));
                nextRun(shell, t, load, run + 1);
            });
        });
    }

    /**
     * make clean: the objects of the last build are unlinked in turn (their page cache goes); then
     * {@code then}. A loop while each unlink returns at once, so that thousands of them need no stack.
     */
    private void makeClean(Process shell, Pthread t, Runnable then) {
        while (cleaned < outputs.size()) {
            boolean[] inline = {true};
            boolean[] returned = {false};
            shell.unlink(t, outputs.get(cleaned++), () -> {
                if (inline[0]) {
                    returned[0] = true;
                } else {
                    makeClean(shell, t, then);
                }
            });
            inline[0] = false;
            if (!returned[0]) {
                return; // it sleeps: the callback goes on
            }
        }
        outputs.clear();
        cleaned = 0;
        then.run();
    }

    /** How many of {@link #outputs} make clean has unlinked so far. */
    private int cleaned;

    /** GNU time's figures for make and every process it waited for. */
    private BuildStats stats(List<Process> tree, double elapsedNs) {
        double user = 0;
        double sys = 0;
        long ctx = 0;
        long sleeps = 0;
        for (Process p : tree) {
            for (Rusage r : p.threadRusage()) {
                user += r.userNs();
                sys += r.sysNs();
                ctx += r.involuntarySwitches();
                sleeps += r.voluntarySwitches();
            }
        }
        double e = elapsedNs / 1e9;
        return new BuildStats(e, user / 1e9, sys / 1e9, Math.floor((user + sys) / 1e9 / e * 100), ctx, sleeps);
    }

    // ---- make -j N --------------------------------------------------------------------------------

    private final class Make {
        final Process proc;
        final Pthread task;
        final int limit;
        final List<Process> tree;
        final WaitQueue childExited;
        int started;
        int running;
        int done;

        Make(Process proc, Pthread task, int limit, List<Process> tree) {
            this.proc = proc;
            this.task = task;
            this.limit = limit;
            this.tree = tree;
            this.childExited = env.waitQueue();
        }

        /** Start jobs up to the limit, then wait for one to finish (wait4(-1)). */
        void loop() {
            if (done == jobsPerBuild) {
                // the serial end of a build: link vmlinux, modpost (one process at a time)
                proc.compute(task, prof.serialS() * 1e9, () -> proc.exit(task));
                return;
            }
            if (started < jobsPerBuild && (limit == 0 || running < limit)) {
                int job = started++;
                running++;
                proc.fork(task, "gcc", (jp, jt) -> gcc(jp, jt, job, tree), child -> {
                    tree.add(child);
                    child.onExit(() -> {
                        running--;
                        done++;
                        childExited.wakeAll(null);
                    });
                    loop();
                });
                return;
            }
            childExited.await(task, this::loop);
        }
    }

    private void make(Process p, Pthread t, int jobs, List<Process> tree) {
        p.compute(t, prof.makeCpuS() * 1e9, () -> new Make(p, t, jobs, tree).loop());
    }

    /** execve of a toolchain program: its text and libraries mapped privately, a stack. */
    private void exec(Process p, Pthread t, String program, Runnable k2) {
        File bin = bins.get(program);
        File lib = libs.get(program);
        long binPages = (bin.size() + ps - 1) / ps;
        long libPages = (lib.size() + ps - 1) / ps;
        ExecImage image = new ExecImage(List.of(new ExecImage.Segment(bin, 0, binPages, Vma.VM_READ | Vma.VM_EXEC),
                new ExecImage.Segment(lib, 0, libPages, Vma.VM_READ | Vma.VM_EXEC)), 8L * ps);
        p.exec(t, program, image, k2);
    }

    // ---- one compile job: gcc -> cc1 -> as --------------------------------------------------------

    private void gcc(Process p, Pthread t, int job, List<Process> tree) {
        File asm = env.createFile("/tmp/cc" + job + ".s", true, 0);
        File obj = env.createFile("obj" + job + ".o", false, 0);
        exec(p, t, "gcc", () -> touchText(p, t, "gcc", () -> p.fork(t, "cc1", (cp, ct) -> cc1(cp, ct, job, asm), cc1 -> {
            if (tree != null) {
                tree.add(cc1);
            }
            p.waitChild(t, cc1, () -> p.fork(t, "as", (ap, at) -> as(ap, at, asm, obj), as -> {
                if (tree != null) {
                    tree.add(as);
                }
                p.waitChild(t, as, () -> p.unlink(t, asm, () -> { // the driver removes its temporary file
                    outputs.add(obj);
                    p.exit(t);
                }));
            }));
        })));
    }

    private void cc1(Process p, Pthread t, int job, File asm) {
        double cpu = jobCpuS[job] * 1e9;
        exec(p, t, "cc1", () -> touchText(p, t, "cc1", () -> p.read(t, sources, job * prof.sourceBytes(), prof.sourceBytes(),
                n -> readHeaders(p, t, 0, () -> p.mmapAnon(t, prof.anonBytes(), Vma.VM_READ | Vma.VM_WRITE,
                        heap -> compile(p, t, heap, 0, cpu, () -> p.write(t, asm, 0, prof.asmBytes(), w -> p.exit(t))))))));
    }

    private void readHeaders(Process p, Pthread t, int i, Runnable k2) {
        if (i == prof.headers()) {
            k2.run();
            return;
        }
        long slots = Math.max(1, headers.size() / Math.max(1, prof.headerBytes()));
        long off = (long) (random.nextDouble() * slots) * prof.headerBytes();
        p.read(t, headers, off, prof.headerBytes(), n -> readHeaders(p, t, i + 1, k2));
    }

    /** cc1's work: its CPU time in slices, each followed by touching the next part of its heap. */
    private void compile(Process p, Pthread t, long heap, long page, double cpuLeft, Runnable k2) {
        long pages = prof.anonBytes() / ps;
        int slices = 16;
        long perSlice = (pages + slices - 1) / slices;
        if (page >= pages) {
            p.compute(t, cpuLeft, k2);
            return;
        }
        double slice = cpuLeft / Math.max(1, (pages - page + perSlice - 1) / perSlice);
        p.compute(t, slice, () -> touch(p, t, heap, page, Math.min(pages, page + perSlice),
                () -> compile(p, t, heap, Math.min(pages, page + perSlice), cpuLeft - slice, k2)));
    }

    private void touch(Process p, Pthread t, long base, long from, long to, Runnable k2) {
        for (long i = from; i < to; i++) {
            long at = i;
            if (!p.access(t, base + i * ps, true, () -> touch(p, t, base, at, to, k2))) {
                return;
            }
        }
        k2.run();
    }

    /** Touch the program's share of its text and libraries (file read faults, with fault-around). */
    private void touchText(Process p, Pthread t, String program, Runnable k2) {
        BuildProfile.Program pr = prof.programs().get(program);
        long binPages = (bins.get(program).size() + ps - 1) / ps;
        long libPages = (libs.get(program).size() + ps - 1) / ps;
        long libBase = 0x400000 + (binPages + 1) * ps;
        textLoop(p, t, 0x400000, binPages, pr.touched(), 0, () -> textLoop(p, t, libBase, libPages, pr.touched(), 0, k2));
    }

    private void textLoop(Process p, Pthread t, long base, long pages, double share, long i, Runnable k2) {
        if (share <= 0) {
            k2.run();
            return;
        }
        long stride = Math.max(1, Math.round(1 / share));
        for (long pg = i; pg < pages; pg += stride) {
            long at = pg;
            if (!p.access(t, base + pg * ps, false, () -> textLoop(p, t, base, pages, share, at, k2))) {
                return;
            }
        }
        t.sync(k2);
    }

    private void as(Process p, Pthread t, File asm, File obj) {
        exec(p, t, "as", () -> touchText(p, t, "as", () -> p.read(t, asm, 0, prof.asmBytes(),
                n -> p.compute(t, prof.asCpuS() * 1e9, () -> p.write(t, obj, 0, prof.outputBytes(), w -> p.exit(t))))));
    }

    // ---- output -----------------------------------------------------------------------------------

    /** awk's default number format (%.6g), as kernbench prints its statistics. */
    static String g(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", ""); // %g drops trailing zeros
        }
        return mantissa + exponent;
    }

    /** kernbench's show_statistics: mean and sample standard deviation, "avg (sdev)". */
    static String stat(double[] xs) {
        if (xs.length == 1) {
            return g(xs[0]);
        }
        double sum = 0;
        double sumsq = 0;
        for (double x : xs) {
            sum += x;
            sumsq += x * x;
        }
        int n = xs.length;
        double var = (sumsq - sum * sum / n) / (n - 1);
        return g(sum / n) + " (" + g(Math.sqrt(Math.max(0, var))) + ")";
    }

    @Override
    public WorkloadReport report() {
        StringBuilder out = new StringBuilder();
        out.append(env.topology().cpus()).append(" cpus found\n");
        if (!o.note().isEmpty()) {
            out.append(o.note()).append('\n');
        }
        if (reduced) {
            out.append(String.format(Locale.ROOT, "numasim: reduced tree, %d of the profile's %d compile jobs per build (--set full=true builds all)%n",
                    jobsPerBuild, prof.jobs()));
        }
        out.append("Performing ").append(o.runs()).append(" runs of\n");
        for (KernbenchOptions.Load l : o.loads()) {
            out.append(l.jobs() == 0 ? "make -j" : l.jobs() == 1 ? "make" : "make -j " + l.jobs()).append('\n');
        }
        out.append('\n');
        LinkedHashMap<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("profile", prof.name());
        metrics.put("jobs_per_build", jobsPerBuild);
        metrics.put("runs", o.runs());
        for (KernbenchOptions.Load l : o.loads()) {
            List<BuildStats> b = results.getOrDefault(l.runName(), List.of());
            double[] el = b.stream().mapToDouble(BuildStats::elapsed).toArray();
            double[] us = b.stream().mapToDouble(BuildStats::user).toArray();
            double[] sy = b.stream().mapToDouble(BuildStats::sys).toArray();
            double[] pc = b.stream().mapToDouble(BuildStats::percent).toArray();
            double[] cx = b.stream().mapToDouble(BuildStats::ctx).toArray();
            double[] sl = b.stream().mapToDouble(BuildStats::sleeps).toArray();
            out.append("Average ").append(l.runName()).append(" Run (std deviation):\n");
            out.append("Elapsed Time ").append(stat(el)).append('\n');
            out.append("User Time ").append(stat(us)).append('\n');
            out.append("System Time ").append(stat(sy)).append('\n');
            out.append("Percent CPU ").append(stat(pc)).append('\n');
            out.append("Context Switches ").append(stat(cx)).append('\n');
            out.append("Sleeps ").append(stat(sl)).append("\n\n");
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("jobs", l.jobs());
            lm.put("elapsed_s", round(el));
            // the parallel part scales with the number of jobs; make's start and the serial end do not
            double serial = prof.makeCpuS() + prof.serialS();
            double scale = (double) prof.jobs() / jobsPerBuild;
            lm.put("elapsed_full_tree_estimate_s", round(java.util.Arrays.stream(el).map(e -> serial + (e - serial) * scale).toArray()));
            lm.put("user_s", round(us));
            lm.put("system_s", round(sy));
            lm.put("percent_cpu", round(pc));
            lm.put("context_switches", round(cx));
            lm.put("sleeps", round(sl));
            metrics.put(l.name(), lm);
        }
        return new WorkloadReport(out.toString(), metrics);
    }

    private static List<Double> round(double[] xs) {
        List<Double> l = new ArrayList<>();
        for (double x : xs) {
            l.add(Math.round(x * 1e6) / 1e6);
        }
        return l;
    }

    /** kernbench ARGS as kernbench v0.50 parses them; --set profile=FILE, full=true, jobs=N. */
    public static Workload create(List<String> args, Map<String, String> settings, MachineSpec machine) {
        KernbenchOptions o = KernbenchOptions.parse(args, machine.cpus());
        String profile = BuildProfile.SHIPPED.contains(machine.name()) ? machine.name() : "x86-kvm-16";
        boolean full = false;
        Integer jobs = null;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            switch (e.getKey()) {
                case "profile" -> profile = e.getValue();
                case "full" -> {
                    if (!e.getValue().equals("true") && !e.getValue().equals("false")) {
                        throw new ConfigException("set.full", "must be true or false, got '" + e.getValue() + "'");
                    }
                    full = e.getValue().equals("true");
                }
                case "jobs" -> {
                    if (!e.getValue().matches("\\d{1,6}") || Integer.parseInt(e.getValue()) < 1) {
                        throw new ConfigException("set.jobs", "must be a positive number of compile jobs, got '" + e.getValue() + "'");
                    }
                    jobs = Integer.parseInt(e.getValue());
                }
                default -> throw new ConfigException("set." + e.getKey(), "unknown setting for kernbench (known: full, jobs, profile)");
            }
        }
        BuildProfile p = BuildProfile.load(profile);
        return new Kernbench(o, p, full ? p.jobs() : jobs != null ? Math.min(jobs, p.jobs()) : p.reducedJobs());
    }
}
