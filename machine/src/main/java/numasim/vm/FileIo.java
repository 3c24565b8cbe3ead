package numasim.vm;

import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/** read(2) and write(2) on files through the page cache: copy page by page, reading missing pages in. */
public final class FileIo {
    private final VmEnv env;
    private final PageCache cache;

    /** syscall:read and syscall:write: this is their one owner, for files and pipes alike. */
    private final long[] reads;
    private final long[] writes;
    private final long[] lseeks;

    FileIo(VmEnv env, PageCache cache) {
        this.env = env;
        this.cache = cache;
        this.reads = env.counters().counter(SyscallEvent.READ);
        this.writes = env.counters().counter(SyscallEvent.WRITE);
        this.lseeks = env.counters().counter(SyscallEvent.LSEEK);
    }

    /**
     * read(fd, buf, len) at {@code offset}; {@code k} gets the bytes read (short at end of file). Each page:
     * find_get_page (a reference), lock_page/unlock_page as shmem_getpage hands it over locked, the copy to
     * user space, put_page. No inode lock: readers of one file contend only on its struct page lines.
     */
    public void read(Task t, File f, long offset, long len, LongConsumer k) {
        enterRead(t);
        long end = Math.min(offset + len, f.size);
        if (end <= offset) {
            t.sync(() -> k.accept(0));
            return;
        }
        t.sync(() -> readFrom(t, f, offset, offset, end, k));
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
            if (f.tmpfs) {
                cache.lockPage(t, f, index, env.costs().ns(Cost.ATOMIC_LOCAL));
            }
            t.sys(env.costs().copyNs(n));
            cache.pageAtomic(t, f, index); // put_page
            pos += n;
        }
        k.accept(end - start);
    }

    /**
     * write(fd, buf, len) at {@code offset} under inode_lock (i_rwsem for write), so writers of one file
     * take turns: each page is found or added (grab_cache_page_write_begin), locked for the copy, marked
     * dirty and released.
     */
    public void write(Task t, File f, long offset, long len, LongConsumer k) {
        enterWrite(t);
        f.iRwsem.downWrite(t, () -> {
            long end = offset + len;
            for (long pos = offset; pos < end;) {
                long index = pos >>> env.pageShift();
                long n = Math.min(end, (index + 1) << env.pageShift()) - pos;
                if (cache.find(t, f, index) < 0) {
                    // a new page; a partial page of a disk file would be read first, the model treats the
                    // written range as the page's only content
                    long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
                    t.sysUntil(f.treeLock.lock(t.cpu(), t.cursor(), env.costs().ns(Cost.FILE_PAGE_OP)));
                    f.pages.put(index, pfn);
                    env.mem().lruAdd(t, pfn);
                }
                cache.lockPage(t, f, index, env.costs().copyNs(n));
                cache.markDirty(t, f, index);
                cache.pageAtomic(t, f, index); // put_page
                pos += n;
            }
            f.size = Math.max(f.size, end);
            f.iRwsem.upWrite(t, () -> k.accept(len));
        });
    }

    /** lseek(fd, off, SEEK_SET) on a file: generic_file_llseek sets f_pos, no lock and no I/O. */
    /** ksys_read and vfs_read up to the file's own read (a regular file or a pipe): entry, the VFS path, the count. */
    public void enterRead(Task t) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY) + env.costs().ns(Cost.VFS_RW));
        reads[0]++;
    }

    /** ksys_write and vfs_write up to the file's own write. */
    public void enterWrite(Task t) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY) + env.costs().ns(Cost.VFS_RW));
        writes[0]++;
    }

    public void lseek(Task t, Runnable k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        lseeks[0]++;
        k.run();
    }
}
