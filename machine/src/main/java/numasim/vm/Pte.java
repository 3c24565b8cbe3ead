package numasim.vm;

/** Page-table entry bits; the frame number sits above them. */
public final class Pte {
    public static final long PRESENT = 1;
    public static final long WRITE = 2;
    public static final long DIRTY = 4;
    /** Maps the shared zero page (read-only until a write breaks it). */
    public static final long ZERO = 8;
    /** Maps a page-cache page (the file owns it: unmapping does not free it). */
    public static final long FILE = 16;
    /** A PMD entry mapping a transparent huge page (the entry for one base page of it, as get() reports it). */
    public static final long HUGE = 32;
    /** _PAGE_UFFD_WP: write-protected by userfaultfd; a write is a WP userfault, not a COW. */
    public static final long UFFD_WP = 64;
    /** A guard marker (PTE_MARKER_GUARD): not present, no frame; a touch is SIGSEGV. */
    public static final long GUARD = 128;
    /** pte_devmap: a DAX page mapped without a reference (the legacy scheme). */
    public static final long DEVMAP = 256;
    private static final int PFN_SHIFT = 12;

    private Pte() {
    }

    public static long make(long pfn, long bits) {
        return (pfn << PFN_SHIFT) | bits;
    }

    public static long pfn(long pte) {
        return pte >>> PFN_SHIFT;
    }

    public static boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    public static boolean writable(long pte) {
        return (pte & WRITE) != 0;
    }
}
