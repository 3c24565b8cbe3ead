package numasim.vm;

import java.util.Arrays;

/**
 * A file's page-cache index (the radix tree's contents): page index to frame. Files are indexed densely
 * from 0, so a growable array of frames serves; it grows with the highest page cached, not the file size.
 */
final class PageIndex {
    private long[] slots = new long[16]; // pfn + 1; 0 marks a hole
    private int count;

    long get(long index) {
        return index < slots.length ? slots[(int) index] - 1 : -1;
    }

    boolean contains(long index) {
        return get(index) >= 0;
    }

    void put(long index, long pfn) {
        if (index >= slots.length) {
            slots = Arrays.copyOf(slots, (int) Math.max(index + 1, slots.length * 2L));
        }
        if (slots[(int) index] == 0) {
            count++;
        }
        slots[(int) index] = pfn + 1;
    }

    int size() {
        return count;
    }

    /** Every cached frame, in index order. */
    long[] frames() {
        long[] r = new long[count];
        int n = 0;
        for (long s : slots) {
            if (s != 0) {
                r[n++] = s - 1;
            }
        }
        return r;
    }

    void clear() {
        slots = new long[16];
        count = 0;
    }
}
