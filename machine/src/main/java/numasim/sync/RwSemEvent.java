package numasim.sync;

import numasim.sim.Event;

/** Reader/writer semaphores, per lock class (all mmap_sems of a run count together, and all inodes' i_rwsem). */
public enum RwSemEvent implements Event {
    MMAP_SEM_READ_ACQUIRE(Lock.MMAP_SEM, "mmap_sem:read_acquire", Unit.EVENTS, "mmap_sem (every mm): read acquisitions"),
    MMAP_SEM_WRITE_ACQUIRE(Lock.MMAP_SEM, "mmap_sem:write_acquire", Unit.EVENTS, "mmap_sem (every mm): write acquisitions"),
    MMAP_SEM_READ_CONTENDED(Lock.MMAP_SEM, "mmap_sem:read_contended", Unit.EVENTS, "mmap_sem (every mm): read acquisitions that slept"),
    MMAP_SEM_WRITE_CONTENDED(Lock.MMAP_SEM, "mmap_sem:write_contended", Unit.EVENTS, "mmap_sem (every mm): write acquisitions that waited"),
    MMAP_SEM_WRITE_SPINS(Lock.MMAP_SEM, "mmap_sem:write_spins", Unit.EVENTS, "mmap_sem (every mm): writers that spun on a running owner instead of sleeping"),
    MMAP_SEM_READ_WAIT(Lock.MMAP_SEM, "mmap_sem:read_wait", Unit.NS, "mmap_sem (every mm): time readers slept waiting"),
    MMAP_SEM_WRITE_WAIT(Lock.MMAP_SEM, "mmap_sem:write_wait", Unit.NS, "mmap_sem (every mm): time writers slept waiting"),
    MMAP_SEM_WRITE_SPIN(Lock.MMAP_SEM, "mmap_sem:write_spin", Unit.NS, "mmap_sem (every mm): time writers spun"),
    I_RWSEM_READ_ACQUIRE(Lock.I_RWSEM, "i_rwsem:read_acquire", Unit.EVENTS, "inode i_rwsem (every file): read acquisitions"),
    I_RWSEM_WRITE_ACQUIRE(Lock.I_RWSEM, "i_rwsem:write_acquire", Unit.EVENTS, "inode i_rwsem (every file): write acquisitions"),
    I_RWSEM_READ_CONTENDED(Lock.I_RWSEM, "i_rwsem:read_contended", Unit.EVENTS, "inode i_rwsem (every file): read acquisitions that slept"),
    I_RWSEM_WRITE_CONTENDED(Lock.I_RWSEM, "i_rwsem:write_contended", Unit.EVENTS, "inode i_rwsem (every file): write acquisitions that waited"),
    I_RWSEM_WRITE_SPINS(Lock.I_RWSEM, "i_rwsem:write_spins", Unit.EVENTS, "inode i_rwsem (every file): writers that spun on a running owner instead of sleeping"),
    I_RWSEM_READ_WAIT(Lock.I_RWSEM, "i_rwsem:read_wait", Unit.NS, "inode i_rwsem (every file): time readers slept waiting"),
    I_RWSEM_WRITE_WAIT(Lock.I_RWSEM, "i_rwsem:write_wait", Unit.NS, "inode i_rwsem (every file): time writers slept waiting"),
    I_RWSEM_WRITE_SPIN(Lock.I_RWSEM, "i_rwsem:write_spin", Unit.NS, "inode i_rwsem (every file): time writers spun");

    /** The lock classes counted apart. */
    public enum Lock {
        MMAP_SEM, I_RWSEM
    }

    private final Lock lock;
    private final String key;
    private final Unit unit;
    private final String description;

    RwSemEvent(Lock lock, String key, Unit unit, String description) {
        this.lock = lock;
        this.key = key;
        this.unit = unit;
        this.description = description;
    }

    /** The event of lock class {@code lock} whose name ends in {@code :suffix}. */
    static RwSemEvent of(Lock lock, String suffix) {
        for (RwSemEvent e : values()) {
            if (e.lock == lock && e.key.endsWith(":" + suffix)) {
                return e;
            }
        }
        throw new IllegalArgumentException(lock + ":" + suffix);
    }

    @Override
    public Info info() {
        String perf = this == MMAP_SEM_READ_ACQUIRE ? "mmap_sem:read-acquisitions" : this == MMAP_SEM_WRITE_ACQUIRE ? "mmap_sem:write-acquisitions" : null;
        return new Info(key, unit, description, false, perf, null);
    }
}
