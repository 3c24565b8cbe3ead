package numasim.mm;

/**
 * What a page frame is, stored as one byte per frame. Only the head frame of a block carries a state;
 * the other frames of the block are {@link #TAIL}. Every frame of a zone is exactly one of free (buddy or
 * per-CPU list), allocated, isolated or reported.
 */
public final class PageState {
    public static final byte TAIL = 0;
    /** Free, on a buddy free list, head of a block of {@code order}. */
    public static final byte BUDDY = 1;
    /** Free, on a per-CPU list (order 0). */
    public static final byte PCP = 2;
    public static final byte ALLOCATED = 3;
    /** Taken off the free lists by free page hinting while the host is told. */
    public static final byte ISOLATED = 4;
    /** Free in the buddy lists and reported to the host (PageReported). */
    public static final byte REPORTED = 5;

    private PageState() {
    }

    public static String name(byte s) {
        return switch (s) {
            case TAIL -> "tail";
            case BUDDY -> "buddy";
            case PCP -> "pcp";
            case ALLOCATED -> "allocated";
            case ISOLATED -> "isolated";
            case REPORTED -> "reported";
            default -> "?" + s;
        };
    }
}
