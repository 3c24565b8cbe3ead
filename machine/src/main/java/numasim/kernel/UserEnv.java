package numasim.kernel;

import nl.tudelft.simulation.jstats.streams.StreamInterface;
import numasim.topology.Topology;
import numasim.vm.DaxDevice;
import numasim.vm.File;

/**
 * What a program running on the machine sees of it, and nothing more: the processes it starts, futex-like
 * wait queues, the clock, named random streams (its own randomness, seeded from the run), the page
 * size, the CPU and NUMA layout (as sysfs shows it), how fast user code copies, files, the hugetlbfs and
 * DAX knobs an administrator sets, /proc/vmstat, and the network link to a migration source.
 */
public final class UserEnv {
    private final Kernel kernel;

    UserEnv(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A new process with an empty address space, started as a shell starts a program; give it a thread with {@link Process#start}. */
    public Process spawn(String comm, int node) {
        return kernel.spawn(comm, node);
    }

    /** A wait queue (a futex, a pthread condition, a join) for the program's threads. */
    public WaitQueue waitQueue() {
        return kernel.waitQueue();
    }

    /** clock_gettime(CLOCK_MONOTONIC), in ns. */
    public double now() {
        return kernel.now();
    }

    /** A private futex word's kernel side: FUTEX_WAIT and FUTEX_WAKE as system calls. */
    public Futex futex(String name) {
        return new Futex(name, kernel);
    }

    /** Kernel code the program runs in kernel context, as a benchmark's test module or guru-mode systemtap script does. */
    public KernelModule kernelModule() {
        return new KernelModule(kernel);
    }

    /** The program's random stream {@code name}, seeded from the run's seed and the name. */
    public StreamInterface random(String name) {
        return kernel.sim().streams().get(name);
    }

    /** sysconf(_SC_PAGESIZE). */
    public long pageSize() {
        return kernel.pageSize();
    }

    /** The CPUs, cores, sockets and nodes, as /sys/devices/system shows them. */
    public Topology topology() {
        return kernel.topology();
    }

    /** How long {@code cycles} CPU cycles of user code take (ns). */
    public double cyclesToNs(double cycles) {
        return kernel.spec().costs().cyclesToNs(cycles);
    }

    /** How long user code takes to copy {@code bytes} (memcpy, ns). */
    public double copyNs(long bytes) {
        return kernel.spec().costs().copyNs(bytes);
    }

    /** open(O_CREAT) of a new file of {@code size} bytes on tmpfs ({@code tmpfs}) or on disk; nothing is cached yet. */
    public File createFile(String name, boolean tmpfs, long size) {
        return kernel.createFile(name, tmpfs, size);
    }

    /**
     * The file was read or written before the measured run (a compiler installed, a source tree read,
     * a file written by the program's set-up): all of its pages are in the page cache, on {@code node}.
     */
    public void cached(File f, int node) {
        kernel.vm().pageCache().populate(f, node);
    }

    /** The size of a hugetlbfs page. */
    public long hugePageSize() {
        return kernel.vm().hugetlbfs().hugePageSize();
    }

    /**
     * echo n > /sys/devices/system/node/node{@code node}/hugepages/.../nr_hugepages: grows that node's pool
     * by {@code n} huge pages; returns how many it got.
     */
    public int reserveHugepages(int node, int n) {
        return kernel.vm().hugetlbfs().reserve(node, n);
    }

    /** echo n > /proc/sys/vm/nr_hugepages (from 0): {@code n} huge pages interleaved over the nodes; returns how many it got. */
    public int reserveHugepages(int n) {
        return kernel.vm().hugetlbfs().reserve(n);
    }

    /** cat /sys/devices/system/node/node{@code node}/hugepages/.../free_hugepages. */
    public long freeHugepages(int node) {
        return kernel.vm().hugetlbfs().freePages(node);
    }

    /** A file of {@code size} bytes (a whole number of huge pages) on the hugetlbfs mount. */
    public File createHugetlbFile(String name, long size) {
        return kernel.vm().hugetlbfs().create(name, size);
    }

    /** A file of {@code size} bytes on the DAX file system, or null (ENOSPC); none on a machine without device memory. */
    public File createDaxFile(String name, long size) {
        return kernel.vm().dax().create(name, size);
    }

    /** The DAX device's page reference-count scheme (a kernel build option: the legacy scheme or the series'). */
    public void daxRefcount(DaxDevice.Refcount scheme) {
        kernel.vm().dax().setRefcount(scheme);
    }

    /** Whether the machine has device memory for DAX. */
    public boolean hasDax() {
        return kernel.vm().dax() != null;
    }

    /** A line of /proc/vmstat: a kernel event counter. */
    public long vmstat(numasim.sim.Event counter) {
        return kernel.counters().get(counter);
    }

    /** A word of shared memory (one cache line of the program's), for its threads to hand back and forth. */
    public SharedWord sharedWord(String name) {
        return new SharedWord(name, kernel.coherence());
    }

    /** The idle column of /proc/stat's cpu line, summed over every CPU, in ns (a halted vCPU is idle). */
    public double procStatIdleNs() {
        return kernel.sched().idleNs();
    }

    /** A network link to the migration source of {@code latencyNs} one way and {@code bytesPerNs} of bandwidth. */
    public MigrationLink migrationLink(double latencyNs, double bytesPerNs) {
        return new MigrationLink(kernel.sim(), kernel.sched(), latencyNs, bytesPerNs);
    }
}
