package numasim.workloads.libc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import numasim.kernel.Process;
import numasim.user.Pthread;
import numasim.vm.Vma;

/**
 * glibc malloc as far as the kernel can tell: requests at or above the mmap threshold get their own mapping
 * (with a 16-byte chunk header, so 512 KiB takes 129 pages); smaller ones come from the thread's arena,
 * whose memory stays mapped and faulted in. Freeing the top of an arena beyond the trim threshold gives
 * the memory back with MADV_DONTNEED, so it faults again on reuse.
 *
 * <p>{@code dynamic} (glibc 2.4 and later): freeing an mmapped chunk raises the mmap threshold to its size
 * and the trim threshold to twice that, so a program that repeatedly allocates the same large size ends
 * up reusing arena memory with no system calls and no faults. {@code static} keeps both thresholds at
 * 128 KiB, as older glibc and {@code M_MMAP_THRESHOLD} users do. {@code neverMmap} is
 * {@code mallopt(M_MMAP_MAX, 0)} (ebizzy -M).
 */
public final class GlibcMalloc implements Allocator {
    private static final long DEFAULT_THRESHOLD = 128 * 1024;
    private static final long MAX_THRESHOLD = 32L * 1024 * 1024;
    private static final long HEAP_MAX = 64L * 1024 * 1024;
    private static final long CHUNK_HEADER = 16;

    private final Process p;
    private final boolean dynamic;
    private final boolean neverMmap;
    private long mmapThreshold = DEFAULT_THRESHOLD;
    private long trimThreshold = DEFAULT_THRESHOLD;
    private final Map<Integer, Arena> arenas = new HashMap<>();
    private final Map<Long, Long> mmapped = new HashMap<>();

    /** A thread's arena: one heap mapping used as a stack of chunks (ebizzy frees in LIFO order). */
    private static final class Arena {
        long base;
        long top;
        /** Highest address that is currently populated (not trimmed). */
        long populatedTop;
    }

    public GlibcMalloc(Process p, boolean dynamic, boolean neverMmap) {
        this.p = p;
        this.dynamic = dynamic;
        this.neverMmap = neverMmap;
    }

    private long pageAlign(long n) {
        long ps = p.env().pageSize();
        return (n + ps - 1) & -ps;
    }

    /** request2size: the chunk a request needs, header included, 16-byte aligned. */
    private static long chunkSize(long size) {
        return (size + 8 + 15) & -16;
    }

    @Override
    public void alloc(Pthread t, long size, LongConsumer k) {
        if (!neverMmap && chunkSize(size) >= mmapThreshold) {
            long len = pageAlign(size + CHUNK_HEADER);
            p.mmapAnon(t, len, Vma.VM_READ | Vma.VM_WRITE, addr -> {
                if (addr < 0) {
                    throw new IllegalStateException(p.comm + ": malloc(" + size + ") failed");
                }
                mmapped.put(addr + CHUNK_HEADER, len);
                setHead(t, addr, () -> k.accept(addr + CHUNK_HEADER));
            });
            return;
        }
        Arena a = arenas.get(t.tid());
        if (a == null) {
            // a new arena: one heap mapping (glibc reserves HEAP_MAX and grows it)
            p.mmapAnon(t, HEAP_MAX, Vma.VM_READ | Vma.VM_WRITE, addr -> {
                Arena na = new Arena();
                na.base = addr;
                na.top = addr;
                na.populatedTop = addr;
                arenas.put(t.tid(), na);
                alloc(t, size, k);
            });
            return;
        }
        long chunk = chunkSize(size);
        if (a.top + chunk > a.base + HEAP_MAX) {
            throw new IllegalStateException(p.comm + ": arena of thread " + t.tid() + " exhausted");
        }
        long addr = a.top + CHUNK_HEADER;
        a.top += chunk;
        a.populatedTop = Math.max(a.populatedTop, a.top);
        k.accept(addr);
    }

    /** sysmalloc's set_head on a fresh mapping: the header write faults its first page in. */
    private void setHead(Pthread t, long chunk, Runnable k) {
        if (p.access(t, chunk, true, () -> setHead(t, chunk, k))) {
            k.run();
        }
    }

    @Override
    public void free(Pthread t, long addr, long size, Runnable k) {
        Long len = mmapped.remove(addr);
        if (len != null) {
            // the mapped chunk's size becomes the new threshold, so the same request fits the arena next time
            if (dynamic && len > mmapThreshold && len <= MAX_THRESHOLD) {
                mmapThreshold = len;
                trimThreshold = 2 * len;
            }
            p.munmap(t, addr - CHUNK_HEADER, len, r -> k.run());
            return;
        }
        Arena a = arenas.get(t.tid());
        long chunkStart = addr - CHUNK_HEADER;
        if (a == null || chunkStart < a.base || chunkStart >= a.top) {
            throw new IllegalStateException(p.comm + ": free of an address this thread did not allocate");
        }
        a.top = chunkStart; // LIFO: the freed chunk joins the top chunk
        long topFree = a.populatedTop - a.top;
        if (topFree > trimThreshold) {
            // heap_trim/shrink_heap: give back whole pages above the top, keeping the pad
            long keep = pageAlign(a.top + DEFAULT_THRESHOLD);
            long from = Math.max(keep, a.base);
            if (a.populatedTop > from) {
                long to = pageAlign(a.populatedTop);
                a.populatedTop = from;
                p.madviseDontneed(t, from, to - from, r -> k.run());
                return;
            }
        }
        k.run();
    }
}
