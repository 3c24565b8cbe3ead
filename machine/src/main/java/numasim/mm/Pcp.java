package numasim.mm;

/** A CPU's per-CPU page list for one zone (per_cpu_pages): a LIFO of free order-0 frames. */
final class Pcp {
    final int[] frames;
    int count;

    Pcp(int high, int batch) {
        frames = new int[high + batch + 1];
    }

    void push(int idx) {
        frames[count++] = idx;
    }

    int pop() {
        return frames[--count];
    }

    /** The coldest frame (freed longest ago), drained first. */
    int takeCold() {
        int idx = frames[0];
        System.arraycopy(frames, 1, frames, 0, --count);
        return idx;
    }
}
