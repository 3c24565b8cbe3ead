package numasim.vm;

import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/** read(2) and write(2) on files through the page cache: copy page by page, reading missing pages in. */
public final class FileIo {
    private final VmEnv env;
    private final PageCache cache;

    FileIo(VmEnv env, PageCache cache) {
        this.env = env;
        this.cache = cache;
    }

    /** read(fd, buf, len) at {@code offset}; {@code k} gets the bytes read (short at end of file). */
    public void read(Task t, File f, long offset, long len, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        env.counters().add("syscall:read", 1);
        long end = Math.min(offset + len, f.size);
        if (end <= offset) {
            k.accept(0);
            return;
        }
        readFrom(t, f, offset, offset, end, k);
    }

    private void readFrom(Task t, File f, long start, long pos, long end, LongConsumer k) {
        while (pos < end) {
            long index = pos >>> env.pageShift();
            long n = Math.min(end, (index + 1) << env.pageShift()) - pos;
            if (cache.peek(f, index) < 0) {
                long at = pos;
                cache.get(t, f, index, pfn -> readFrom(t, f, start, at, end, k));
                return;
            }
            cache.find(t, f, index);
            t.sys(env.costs().copyNs(n));
            pos += n;
        }
        k.accept(end - start);
    }

    /** write(fd, buf, len) at {@code offset}: pages come into the cache, get the data and become dirty. */
    public void write(Task t, File f, long offset, long len, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        env.counters().add("syscall:write", 1);
        long end = offset + len;
        for (long pos = offset; pos < end;) {
            long index = pos >>> env.pageShift();
            long n = Math.min(end, (index + 1) << env.pageShift()) - pos;
            if (cache.find(t, f, index) < 0) {
                // grab_cache_page_write_begin: a new page; a partial page of a disk file would be read first,
                // the model treats the written range as the page's only content
                long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
                f.pages.put(index, pfn);
                env.mem().lruAdd(t, pfn);
            }
            t.sys(env.costs().copyNs(n));
            cache.markDirty(t, f, index);
            pos += n;
        }
        f.size = Math.max(f.size, end);
        k.accept(len);
    }
}
