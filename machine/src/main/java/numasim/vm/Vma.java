package numasim.vm;

import numasim.coherence.CacheLine;

/** A virtual memory area: [start, end) of one mm with its protection and kind (vm_area_struct). */
public final class Vma {
    public static final int VM_READ = 1;
    public static final int VM_WRITE = 2;
    public static final int VM_EXEC = 4;
    public static final int VM_SHARED = 8;

    long start;
    long end;
    int flags;
    /** Identity of the anon_vma (0: none yet); VMAs merge only with the same one or none. */
    int anonVma;
    /** vm_sequence: bumped by every change the fault path depends on (SPF). */
    int seq;
    /** Still in the mm's tree (a speculative fault may hold a VMA that munmap detached). */
    boolean attached = true;
    /** The hot part of the vm_area_struct: vm_ref_count and vm_sequence. */
    final CacheLine line;
    /** The mapped file (null: anonymous memory) and the file page at {@code start}. */
    File file;
    long pgoff;

    Vma(long start, long end, int flags) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.line = new CacheLine("vma");
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int flags() {
        return flags;
    }

    public boolean anonymous() {
        return file == null;
    }

    public boolean shared() {
        return (flags & VM_SHARED) != 0;
    }

    public File file() {
        return file;
    }

    public boolean allows(boolean write) {
        return write ? (flags & VM_WRITE) != 0 : (flags & (VM_READ | VM_WRITE | VM_EXEC)) != 0;
    }

    Vma splitAt(long addr, int pageShift) {
        Vma tail = new Vma(addr, end, flags);
        tail.anonVma = anonVma;
        tail.file = file;
        tail.pgoff = file == null ? 0 : pgoff + ((addr - start) >>> pageShift);
        end = addr;
        return tail;
    }

    /** A copy for a forked mm (dup_mmap). */
    Vma copy() {
        Vma c = new Vma(start, end, flags);
        c.anonVma = anonVma;
        c.file = file;
        c.pgoff = pgoff;
        return c;
    }

    /** is_mergeable_anon_vma: same anon_vma, or one side has none yet. */
    boolean anonCompatible(Vma o) {
        return anonVma == 0 || o.anonVma == 0 || anonVma == o.anonVma;
    }

    public int sequence() {
        return seq;
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s%s%s", start, end, (flags & VM_READ) != 0 ? "r" : "-",
                (flags & VM_WRITE) != 0 ? "w" : "-", (flags & VM_EXEC) != 0 ? "x" : "-");
    }
}
