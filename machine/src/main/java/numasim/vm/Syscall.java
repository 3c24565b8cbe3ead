package numasim.vm;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The shape every address-space system call has: the entry, its counter, the argument check, mmap_sem
 * taken for read or write, a body that returns a value (an address, 0 or a negative errno), mmap_sem
 * released, the return. A body may take time and sleep before it returns; it returns exactly once.
 */
final class Syscall {
    /** How the body holds mmap_sem. */
    enum Lock {
        READ, WRITE
    }

    /** A body run with mmap_sem held: hands its return value to {@code ret}, now or after sleeping. */
    interface Body {
        void run(LongConsumer ret);
    }

    private final VmEnv env;
    /** The counter (syscall:NAME, made at the first call; null: not counted) and how the body holds mmap_sem. */
    private final String counterName;
    private final Lock lock;
    private long[] counter;

    private Syscall(VmEnv env, String counterName, Lock lock) {
        this.env = env;
        this.counterName = counterName;
        this.lock = lock;
    }

    /** A system call counted as {@code counter} from boot, whose body holds mmap_sem as {@code lock}. */
    static Syscall counted(VmEnv env, String counter, Lock lock) {
        Syscall s = new Syscall(env, counter, lock);
        s.counter = env.counters().counter(counter);
        return s;
    }

    /** A system call whose counter appears with its first call. */
    static Syscall countedOnUse(VmEnv env, String counter, Lock lock) {
        return new Syscall(env, counter, lock);
    }

    /** A system call (an ioctl) not counted on its own. */
    static Syscall uncounted(VmEnv env, Lock lock) {
        return new Syscall(env, null, lock);
    }

    /**
     * Enters the system call as {@code t}; a negative {@code argError} returns at once; otherwise
     * {@code body} runs under mmap_sem of {@code mm} and {@code k} gets its value once mmap_sem is released.
     */
    void call(Task t, long argError, Mm mm, Body body, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        if (counterName != null) {
            if (counter == null) {
                counter = env.counters().counter(counterName);
            }
            counter[0]++;
        }
        if (argError < 0) {
            k.accept(argError);
            return;
        }
        if (lock == Lock.WRITE) {
            mm.mmapSem.downWrite(t, () -> body.run(r -> mm.mmapSem.upWrite(t, () -> k.accept(r))));
        } else {
            mm.mmapSem.downRead(t, () -> body.run(r -> mm.mmapSem.upRead(t, () -> k.accept(r))));
        }
    }

    /** {@link #call} with a body that returns at once. */
    void callNow(Task t, long argError, Mm mm, LongSupplier body, LongConsumer k) {
        call(t, argError, mm, ret -> ret.accept(body.getAsLong()), k);
    }

    /** -EINVAL unless {@code [addr, addr + len)} starts on a page and is not empty. */
    static long pageRange(VmEnv env, long addr, long len) {
        return (addr & (env.pageSize() - 1)) != 0 || len <= 0 ? AddressSpace.EINVAL : 0;
    }
}
