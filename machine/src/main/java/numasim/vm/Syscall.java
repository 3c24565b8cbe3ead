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
    /** The call's counter (null: not counted on its own) and how the body holds mmap_sem. */
    private final long[] counter;
    private final Lock lock;

    private Syscall(VmEnv env, long[] counter, Lock lock) {
        this.env = env;
        this.counter = counter;
        this.lock = lock;
    }

    /** A system call counted as {@code event}, whose body holds mmap_sem as {@code lock}. */
    static Syscall counted(VmEnv env, SyscallEvent event, Lock lock) {
        return new Syscall(env, env.counters().counter(event), lock);
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
        if (counter != null) {
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
