package numasim.vm;

import numasim.cpu.Task;

/**
 * Every change to an mm's VMAs goes through here, so the speculative page fault series' bookkeeping is
 * never forgotten: with SPF, inserting or erasing a VMA takes mm_rb_lock for write, and changing a VMA
 * that a fault may be reading brackets the change with vm_write_begin/end. The count is odd for as long
 * as the change takes (a speculative fault sampling it then gives up at once) and has moved by two
 * afterwards (one that sampled it before gives up at pte_map_lock). __vma_adjust brackets the VMA it
 * changes and the one after it, for the time the adjustment takes ({@code vma_adjust}, with or without
 * SPF). Without SPF the bookkeeping costs nothing.
 */
final class VmaTree {
    private final VmEnv env;

    VmaTree(VmEnv env) {
        this.env = env;
    }

    private void rbWriteLock(Task t, Mm mm) {
        // the tree change itself writes mm_rb and invalidates the vmacaches (vmacache_seqnum++)
        t.sysUntil(env.coherence().atomic(mm.rbLock, t.cpu(), t.cursor()));
        if (env.spf()) {
            // write_lock + write_unlock on the rwlock word
            t.sysUntil(env.coherence().atomic(mm.rbLock, t.cpu(), t.cursor()));
            t.sysUntil(env.coherence().atomic(mm.rbLock, t.cpu(), t.cursor()));
        }
    }

    /** vm_write_begin/vm_write_end around a change of {@code v} that takes no time of its own (a flag). */
    void changed(Task t, Vma v) {
        writeBegin(t, v);
        writeEnd(t, v);
    }

    private void writeBegin(Task t, Vma v) {
        if (env.spf()) {
            t.sysUntil(env.coherence().atomic(v.line, t.cpu(), t.cursor()));
        }
        v.writeFrom = t.cursor();
    }

    private void writeEnd(Task t, Vma v) {
        v.writeUntil = t.cursor();
        v.seq += 2;
    }

    /** __vma_adjust's work on {@code v}, bracketing it and the VMA after it. */
    private void vmaAdjust(Task t, Mm mm, Vma v, Runnable change) {
        java.util.Map.Entry<Long, Vma> e = mm.vmas.higherEntry(v.start);
        Vma next = e == null ? null : e.getValue();
        writeBegin(t, v);
        if (next != null) {
            writeBegin(t, next);
        }
        t.sys(env.costs().ns(numasim.topology.Cost.VMA_ADJUST));
        change.run();
        if (next != null) {
            writeEnd(t, next);
        }
        writeEnd(t, v);
    }

    void insert(Task t, Mm mm, Vma v) {
        rbWriteLock(t, mm);
        mm.vmas.put(v.start, v);
        v.attached = true;
    }

    void erase(Task t, Mm mm, Vma v) {
        rbWriteLock(t, mm);
        changed(t, v);
        mm.vmas.remove(v.start);
        v.attached = false;
    }

    /** vma_adjust: new bounds for {@code v}; re-keys it in the tree if its start moves. */
    void adjust(Task t, Mm mm, Vma v, long start, long end) {
        vmaAdjust(t, mm, v, () -> setBounds(t, mm, v, start, end));
    }

    /** vma_merge's case 1: {@code prev} grows over the gap and over {@code next}, which goes away. */
    void absorb(Task t, Mm mm, Vma prev, Vma next) {
        vmaAdjust(t, mm, prev, () -> {
            rbWriteLock(t, mm);
            mm.vmas.remove(next.start);
            next.attached = false;
            setBounds(t, mm, prev, prev.start, next.end);
        });
    }

    private void setBounds(Task t, Mm mm, Vma v, long start, long end) {
        if (start != v.start) {
            rbWriteLock(t, mm);
            mm.vmas.remove(v.start);
            v.start = start;
            mm.vmas.put(start, v);
        }
        v.end = end;
    }

    /** Splits VMAs so that {@code start} and {@code end} are boundaries; returns the VMAs between them. */
    java.util.List<Vma> splitRange(Task t, Mm mm, long start, long end) {
        splitAt(t, mm, start);
        splitAt(t, mm, end);
        return new java.util.ArrayList<>(mm.vmas.subMap(start, true, end, false).values());
    }

    private void splitAt(Task t, Mm mm, long addr) {
        Vma v = mm.vmaAt(addr);
        if (v != null && v.start < addr) {
            split(t, mm, v, addr);
        }
    }

    /** __split_vma: {@code v} keeps [start, addr), a new VMA takes [addr, end). */
    Vma split(Task t, Mm mm, Vma v, long addr) {
        Vma[] tail = new Vma[1];
        vmaAdjust(t, mm, v, () -> {
            tail[0] = v.splitAt(addr, env.pageShift());
            insert(t, mm, tail[0]);
        });
        return tail[0];
    }
}
