package numasim.vm;

import numasim.coherence.CacheLine;

/** A virtual memory area: [start, end) of one mm with its protection and kind (vm_area_struct). */
public final class Vma {
    public static final int VM_READ = 1;
    public static final int VM_WRITE = 2;
    public static final int VM_EXEC = 4;
    public static final int VM_SHARED = 8;
    /** userfaultfd registration (include/linux/mm.h values where they fit in 32 bits). */
    public static final int VM_UFFD_MISSING = 0x00000200;
    public static final int VM_UFFD_WP = 0x00001000;
    public static final int VM_LOCKED = 0x00002000;
    /** Counted in vm_committed_as (a private writable mapping, accountable_mapping): unaccounted when it goes. */
    public static final int VM_ACCOUNT = 0x00100000;
    public static final int VM_HUGETLB = 0x00400000;
    /**
     * The seed's v5 put VM_UFFD_MINOR at 0x2000, VM_LOCKED's bit; Linux gave it a bit of its own (bit 37).
     * numasim keeps flags in 32 bits, so it takes bit 30, which no other flag here uses.
     */
    public static final int VM_UFFD_MINOR = 1 << 30;
    public static final int VM_UFFD_FLAGS = VM_UFFD_MISSING | VM_UFFD_WP | VM_UFFD_MINOR;
    /** The protection bits mprotect replaces. */
    static final int PROT_MASK = VM_READ | VM_WRITE | VM_EXEC;

    long start;
    long end;
    int flags;
    /** Identity of the anon_vma (0: none yet); VMAs merge only with the same one or none. */
    int anonVma;
    /** vm_sequence: bumped by every change the fault path depends on (SPF). */
    int seq;
    /** The span (simulated ns) of the last vm_write_begin..vm_write_end: the count reads odd inside it. */
    double writeFrom = -1;
    double writeUntil = -1;
    /** Still in the mm's tree (a speculative fault may hold a VMA that munmap detached). */
    boolean attached = true;
    /** The hot part of the vm_area_struct: vm_ref_count and vm_sequence. */
    final CacheLine line;
    /** The mapped file (null: anonymous memory) and the file page at {@code start}. */
    File file;
    long pgoff;
    /** The userfaultfd context this VMA is registered with (vm_userfaultfd_ctx), or null. */
    Userfaultfd uffd;
    /** vm_ops: what the backing does on a fault, for userfaultfd and on zap. */
    final VmOps ops;

    Vma(long start, long end, int flags, VmOps ops) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.ops = ops;
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

    /** is_vm_hugetlb_page: a mapping of a hugetlbfs file. */
    public boolean hugetlb() {
        return file != null && file.hugetlb;
    }

    /** vma_is_shmem: a mapping of a tmpfs file. */
    public boolean shmem() {
        return file != null && file.tmpfs;
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
        Vma tail = new Vma(addr, end, flags, ops);
        tail.anonVma = anonVma;
        tail.file = file;
        tail.pgoff = file == null ? 0 : pgoff + ((addr - start) >>> pageShift);
        tail.uffd = uffd;
        end = addr;
        return tail;
    }

    /** A copy for a forked mm (dup_mmap). */
    Vma copy() {
        Vma c = new Vma(start, end, flags & ~VM_UFFD_FLAGS, ops); // dup_userfaultfd without UFFD_FEATURE_EVENT_FORK
        c.anonVma = anonVma;
        c.file = file;
        c.pgoff = pgoff;
        return c;
    }

    /** is_mergeable_anon_vma: same anon_vma, or one side has none yet. */
    boolean anonCompatible(Vma o) {
        return anonVma == 0 || o.anonVma == 0 || anonVma == o.anonVma;
    }

    /** What a speculative fault reading vm_sequence at {@code now} sees odd: a change is in progress. */
    boolean beingWritten(double now) {
        return now >= writeFrom && now < writeUntil;
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
