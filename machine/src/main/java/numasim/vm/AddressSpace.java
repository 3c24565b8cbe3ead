package numasim.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * The system calls that change an address space, each under mmap_sem for write: mmap (anonymous, with
 * VMA merging), munmap (split, detach, zap, TLB shootdown, free pages and empty page tables) and mprotect.
 */
public final class AddressSpace {
    /** mmap/mprotect error: a negative errno-like outcome reported to the caller. */
    public static final long ENOMEM = -12;
    public static final long EINVAL = -22;

    private final VmEnv env;
    private final Zap zap;
    private final PageTables tables;
    private final long[] mmaps;
    private final long[] munmaps;
    private final long[] mprotects;
    private final long[] merges;

    AddressSpace(VmEnv env, Zap zap, PageTables tables) {
        this.env = env;
        this.zap = zap;
        this.tables = tables;
        this.mmaps = env.counters().counter("syscall:mmap");
        this.munmaps = env.counters().counter("syscall:munmap");
        this.mprotects = env.counters().counter("syscall:mprotect");
        this.merges = env.counters().counter("vma:merge");
    }

    private long pageAlign(long len) {
        long ps = env.pageSize();
        return (len + ps - 1) & -ps;
    }

    /** mmap(NULL, len, prot, MAP_PRIVATE|MAP_ANONYMOUS): {@code k} gets the address or a negative errno. */
    public void mmapAnon(Task t, Mm mm, long len, int prot, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        mmaps[0]++;
        if (len <= 0) {
            k.accept(EINVAL);
            return;
        }
        long size = pageAlign(len);
        mm.mmapSem.downWrite(t, () -> {
            t.sys(env.costs().ns(Cost.MMAP_PATH));
            long addr = mm.unmappedArea(size);
            if (addr >= 0) {
                insertMerging(mm, addr, addr + size, prot);
            }
            mm.mmapSem.upWrite(t, () -> k.accept(addr >= 0 ? addr : ENOMEM));
        });
    }

    /** vma_merge for anonymous memory: extend a neighbour with the same flags instead of adding a VMA. */
    private void insertMerging(Mm mm, long start, long end, int flags) {
        Vma prev = mm.vmaAt(start - 1);
        Vma next = mm.vmaAt(end);
        boolean withPrev = prev != null && prev.end == start && prev.flags == flags;
        boolean withNext = next != null && next.start == end && next.flags == flags
                && !(withPrev && prev.anonVma && next.anonVma);
        if (withPrev && withNext) {
            mm.vmas.remove(next.start);
            prev.end = next.end;
            prev.anonVma |= next.anonVma;
            merges[0]++;
        } else if (withPrev) {
            prev.end = end;
            merges[0]++;
        } else if (withNext) {
            mm.vmas.remove(next.start);
            next.start = start;
            mm.vmas.put(start, next);
            merges[0]++;
        } else {
            mm.vmas.put(start, new Vma(start, end, flags));
        }
    }

    /** Splits VMAs so that {@code addr} is a VMA boundary. */
    private void splitAt(Mm mm, long addr) {
        Vma v = mm.vmaAt(addr);
        if (v != null && v.start < addr) {
            Vma tail = v.splitAt(addr);
            mm.vmas.put(tail.start, tail);
        }
    }

    private List<Vma> detach(Mm mm, long start, long end) {
        splitAt(mm, start);
        splitAt(mm, end);
        List<Vma> gone = new ArrayList<>(mm.vmas.subMap(start, true, end, false).values());
        for (Vma v : gone) {
            mm.vmas.remove(v.start);
        }
        return gone;
    }

    /** munmap(addr, len); {@code k} gets 0 or a negative errno. */
    public void munmap(Task t, Mm mm, long addr, long len, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        munmaps[0]++;
        if ((addr & (env.pageSize() - 1)) != 0 || len <= 0) {
            k.accept(EINVAL);
            return;
        }
        long end = addr + pageAlign(len);
        mm.mmapSem.downWrite(t, () -> {
            t.sys(env.costs().ns(Cost.MUNMAP_PATH));
            detach(mm, addr, end);
            long startVpn = addr >>> env.pageShift();
            long endVpn = end >>> env.pageShift();
            Zap.Gather g = zap.clear(t, mm, startVpn, endVpn);
            if (g.needsFlush()) {
                env.shootdown().flushRange(t, mm.id(), mm.cpumask, g.flushStart, g.flushEnd - g.flushStart + 1, 0);
            }
            // after the last acknowledgement: release pages and page tables, then mmap_sem
            t.sync(() -> {
                zap.release(t, g);
                tables.free(t, mm, startVpn, endVpn);
                mm.mmapSem.upWrite(t, () -> k.accept(0));
            });
        });
    }

    /** mprotect(addr, len, prot): write-protecting present PTEs flushes them from the mm's CPUs. */
    public void mprotect(Task t, Mm mm, long addr, long len, int prot, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        mprotects[0]++;
        if ((addr & (env.pageSize() - 1)) != 0 || len <= 0) {
            k.accept(EINVAL);
            return;
        }
        long end = addr + pageAlign(len);
        mm.mmapSem.downWrite(t, () -> {
            t.sys(env.costs().ns(Cost.MPROTECT_PATH));
            for (long a = addr; a < end;) {
                Vma v = mm.vmaAt(a);
                if (v == null) {
                    mm.mmapSem.upWrite(t, () -> k.accept(ENOMEM));
                    return;
                }
                a = v.end;
            }
            splitAt(mm, addr);
            splitAt(mm, end);
            for (Vma v : mm.vmas.subMap(addr, true, end, false).values()) {
                v.flags = prot;
            }
            long startVpn = addr >>> env.pageShift();
            long endVpn = end >>> env.pageShift();
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            if ((prot & Vma.VM_WRITE) == 0) {
                for (long vpn = startVpn; vpn < endVpn; vpn++) {
                    PageTable.PteTable table = mm.pt.table(vpn);
                    if (table == null) {
                        vpn = ((vpn >>> mm.pt.pteBits) + 1 << mm.pt.pteBits) - 1;
                        continue;
                    }
                    long pte = mm.pt.get(vpn);
                    if (Pte.present(pte) && Pte.writable(pte)) {
                        mm.pt.set(table, vpn, pte & ~Pte.WRITE);
                        t.sys(env.costs().ns(Cost.ZAP_PTE));
                        lo = Math.min(lo, vpn);
                        hi = Math.max(hi, vpn);
                    }
                }
            }
            if (hi >= lo) {
                env.shootdown().flushRange(t, mm.id(), mm.cpumask, lo, hi - lo + 1, 0);
            }
            mergeAround(mm, addr, end);
            mm.mmapSem.upWrite(t, () -> k.accept(0));
        });
    }

    /** vma_merge after mprotect: neighbours with equal flags join again. */
    private void mergeAround(Mm mm, long start, long end) {
        Vma first = mm.vmaAt(start);
        Vma prev = first == null ? null : mm.vmaAt(first.start - 1);
        Vma cur = prev != null ? prev : first;
        while (cur != null && cur.start <= end) {
            Vma next = mm.vmaAt(cur.end);
            if (next != null && next.start == cur.end && next.flags == cur.flags) {
                mm.vmas.remove(next.start);
                cur.end = next.end;
                cur.anonVma |= next.anonVma;
                merges[0]++;
            } else {
                cur = next;
            }
        }
    }

    /**
     * madvise(addr, len, MADV_DONTNEED) on anonymous memory: under mmap_sem for read, zap the range, flush
     * it from the mm's CPUs and free the pages; the next touch faults in a zeroed page.
     */
    public void madviseDontneed(Task t, Mm mm, long addr, long len, LongConsumer k) {
        t.sys(env.costs().ns(Cost.SYSCALL_ENTRY));
        env.counters().add("syscall:madvise", 1);
        if ((addr & (env.pageSize() - 1)) != 0 || len <= 0) {
            k.accept(EINVAL);
            return;
        }
        long end = addr + pageAlign(len);
        mm.mmapSem.downRead(t, () -> {
            Zap.Gather g = zap.clear(t, mm, addr >>> env.pageShift(), end >>> env.pageShift());
            if (g.needsFlush()) {
                env.shootdown().flushRange(t, mm.id(), mm.cpumask, g.flushStart, g.flushEnd - g.flushStart + 1, 0);
            }
            t.sync(() -> {
                zap.release(t, g);
                mm.mmapSem.upRead(t, () -> k.accept(0));
            });
        });
    }

    /** exit_mmap: the last user is gone; zap everything, drop the mm from every CPU, free every table. */
    void exitMmap(Task t, Mm mm) {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (Vma v : mm.vmas.values()) {
            lo = Math.min(lo, v.start);
            hi = Math.max(hi, v.end);
        }
        mm.vmas.clear();
        if (hi > lo) {
            Zap.Gather g = zap.clear(t, mm, lo >>> env.pageShift(), hi >>> env.pageShift());
            zap.release(t, g);
        }
        tables.freeAll(t, mm);
    }
}
