package numasim.kernel;

import java.util.function.LongConsumer;

import numasim.coherence.Coherence;
import numasim.cpu.Task;
import numasim.sync.SpinLock;
import numasim.topology.Cost;
import numasim.topology.Costs;
import numasim.user.Pthread;

/**
 * A pipe (pipe_inode_info): a buffer of up to 16 pages under pipe->mutex; a reader of an empty pipe sleeps
 * on the pipe's wait queue until a writer wakes it, a writer of a full one until a reader drains it.
 */
public final class Pipe {
    /** PIPE_DEF_BUFFERS pages of 4 KiB. */
    public static final long CAPACITY = 16 * 4096;

    private final Costs costs;
    private final numasim.vm.FileIo io;
    private final SpinLock mutex;
    private final WaitQueue readers;
    private final WaitQueue writers;
    private long bytes;

    Pipe(int id, Kernel kernel, Coherence coherence) {
        this.costs = kernel.spec().costs();
        this.io = kernel.vm().io();
        this.mutex = new SpinLock("pipe" + id + ".mutex", coherence);
        this.readers = kernel.waitQueue();
        this.writers = kernel.waitQueue();
    }

    public long buffered() {
        return bytes;
    }

    /** write(fd, buf, n): {@code k} gets n once all of it is in the buffer. */
    public void write(Pthread current, long n, LongConsumer k) {
        Task t = (Task) current;
        io.enterWrite(t);
        t.sync(() -> put(t, n, n, k));
    }

    private void put(Task t, long left, long n, LongConsumer k) {
        long room = CAPACITY - bytes;
        if (room == 0) {
            writers.await(t, () -> put(t, left, n, k));
            return;
        }
        long m = Math.min(room, left);
        t.sysUntil(mutex.lock(t.cpu(), t.cursor(), costs.ns(Cost.PIPE_OP) + costs.copyNs(m)));
        bytes += m;
        readers.wakeAll(t); // wake_up_interruptible_sync_poll
        if (m < left) {
            t.sync(() -> put(t, left - m, n, k));
            return;
        }
        k.accept(n);
    }

    /** read(fd, buf, n): sleeps while the pipe is empty; {@code k} gets the bytes read. */
    public void read(Pthread current, long n, LongConsumer k) {
        Task t = (Task) current;
        io.enterRead(t);
        t.sync(() -> take(t, n, k));
    }

    private void take(Task t, long n, LongConsumer k) {
        if (bytes == 0) {
            readers.await(t, () -> take(t, n, k));
            return;
        }
        long m = Math.min(bytes, n);
        t.sysUntil(mutex.lock(t.cpu(), t.cursor(), costs.ns(Cost.PIPE_OP) + costs.copyNs(m)));
        bytes -= m;
        writers.wakeAll(t);
        k.accept(m);
    }
}
