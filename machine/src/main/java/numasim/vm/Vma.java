package numasim.vm;

/** A virtual memory area: [start, end) of one mm with its protection and kind (vm_area_struct). */
public final class Vma {
    public static final int VM_READ = 1;
    public static final int VM_WRITE = 2;
    public static final int VM_EXEC = 4;
    public static final int VM_SHARED = 8;

    long start;
    long end;
    int flags;
    /** anon_vma set up (by the first write fault); two anonymous VMAs merge only if compatible. */
    boolean anonVma;

    Vma(long start, long end, int flags) {
        this.start = start;
        this.end = end;
        this.flags = flags;
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
        return true;
    }

    public boolean allows(boolean write) {
        return write ? (flags & VM_WRITE) != 0 : (flags & (VM_READ | VM_WRITE | VM_EXEC)) != 0;
    }

    Vma splitAt(long addr) {
        Vma tail = new Vma(addr, end, flags);
        tail.anonVma = anonVma;
        end = addr;
        return tail;
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s%s%s", start, end, (flags & VM_READ) != 0 ? "r" : "-",
                (flags & VM_WRITE) != 0 ? "w" : "-", (flags & VM_EXEC) != 0 ? "x" : "-");
    }
}
