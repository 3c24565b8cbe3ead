package numasim.vm;

import java.util.HashMap;
import java.util.Map;

/**
 * Mapcounts of anonymous pages shared copy-on-write after fork. A page absent from the map is mapped
 * once; unmapping a shared page only drops a count, and a write to it copies unless it is the last map.
 */
final class AnonShare {
    private final Map<Long, Integer> extra = new HashMap<>();

    /** fork mapped {@code pfn} once more. */
    void share(long pfn) {
        extra.merge(pfn, 1, Integer::sum);
    }

    boolean shared(long pfn) {
        return !extra.isEmpty() && extra.containsKey(pfn);
    }

    /** One mapping went away; true if that was the last and the page should be freed. */
    boolean unmapLast(long pfn) {
        if (extra.isEmpty()) {
            return true; // no fork shared anything: skip boxing the frame number
        }
        Integer n = extra.get(pfn);
        if (n == null) {
            return true;
        }
        if (n == 1) {
            extra.remove(pfn);
        } else {
            extra.put(pfn, n - 1);
        }
        return false;
    }

    int sharedPages() {
        return extra.size();
    }
}
