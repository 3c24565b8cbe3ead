package numasim.vm;

import numasim.cpu.Task;
import numasim.mm.PhysMem;
import numasim.mm.Zone;
import numasim.sync.SpinLock;
import numasim.topology.Cost;

/**
 * vm_committed_as, the machine-wide count of committed private writable memory (/proc/meminfo's
 * Committed_AS), a percpu_counter: vm_acct_memory adds to the running CPU's own count and folds it into the
 * global one under the counter's spinlock once it reaches the batch. 4.x's mm_compute_batch sets the batch
 * to max(2 x CPUs, 32, RAM pages / CPUs / 256): 4,096 pages on a 768 GiB, 192-CPU box, so every mmap or
 * munmap of 128 MiB of private memory takes that one lock.
 */
final class VmCommitted {
    private final VmEnv env;
    private final long[] local;
    private long global;
    private final long batch;
    private final SpinLock lock;
    private final long[] folds;

    VmCommitted(VmEnv env) {
        this.env = env;
        int cpus = env.sched().topology().cpus();
        this.local = new long[cpus];
        this.batch = batch(cpus, ramPages(env.mem()));
        this.lock = new SpinLock("vm_committed_as.lock", env.coherence());
        this.folds = env.counters().counter(VmaEvent.COMMITTED_FOLDS);
    }

    private static long ramPages(PhysMem mem) {
        long pages = 0;
        for (Zone z : mem.zones()) {
            pages += z.pages;
        }
        return pages;
    }

    /** mm_compute_batch (mm/mm_init.c, 4.x; before 5.8's change for the non-strict overcommit policies). */
    static long batch(int cpus, long ramPages) {
        return Math.max(Math.max(2L * cpus, 32), Math.min(ramPages / cpus / 256, Integer.MAX_VALUE));
    }

    long batch() {
        return batch;
    }

    /** vm_acct_memory(pages), negative to unaccount: percpu_counter_add_batch on {@code t}'s CPU. */
    void acct(Task t, long pages) {
        if (pages == 0) {
            return;
        }
        int cpu = t.cpu();
        long count = local[cpu] + pages;
        if (count >= batch || count <= -batch) {
            // raw_spin_lock_irqsave(&fbc->lock): fold this CPU's count into the global one
            t.sysUntil(lock.lock(cpu, t.cursor(), env.costs().ns(Cost.ATOMIC_LOCAL)));
            global += count;
            local[cpu] = 0;
            folds[0]++;
        } else {
            local[cpu] = count;
        }
    }

    /** The exact sum (percpu_counter_sum): the global count and every CPU's. */
    long committed() {
        long sum = global;
        for (long l : local) {
            sum += l;
        }
        return sum;
    }
}
