package numasim.vm;

import numasim.cpu.Task;

/**
 * Every change to an mm's VMAs goes through here, so the speculative page fault series' bookkeeping is
 * never forgotten: with SPF, inserting or erasing a VMA takes mm_rb_lock for write, and changing a VMA
 * that a fault may be reading brackets the change with vm_write_begin/end (the sequence count moves by
 * two, so a speculative fault that sampled it before sees the change). Without SPF these cost nothing.
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

    /** vm_write_begin/vm_write_end around a change of {@code v}. */
    void changed(Task t, Vma v) {
        v.seq += 2;
        if (env.spf()) {
            t.sysUntil(env.coherence().atomic(v.line, t.cpu(), t.cursor()));
        }
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
        changed(t, v);
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
        changed(t, v);
        Vma tail = v.splitAt(addr, env.pageShift());
        insert(t, mm, tail);
        return tail;
    }
}
