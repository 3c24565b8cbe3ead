package numasim.workloads.libc;

import java.util.function.LongConsumer;

import numasim.user.Pthread;

/** A user-space memory allocator as a program sees it: malloc/free, or mmap/munmap directly. */
public interface Allocator {
    /** Allocates {@code size} bytes; {@code k} gets the address. */
    void alloc(Pthread t, long size, LongConsumer k);

    /** Frees what {@link #alloc} returned; {@code k} continues. */
    void free(Pthread t, long addr, long size, Runnable k);
}
