package numasim.cpu;

import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * A CPU's data TLB: set-associative first-level arrays for base and 2 MiB pages and a shared second
 * level, each with LRU replacement within a set. An entry caches one translation of one mm (tagged by mm
 * id, as with PCID) and whether it allows writes. Kept in primitive arrays: a look-up allocates nothing.
 */
public final class Tlb {
    /** Where a look-up was served. */
    public enum Hit { L1, STLB, MISS }

    private final Level l1Base;
    private final Level l1Huge;
    private final Level stlb;

    Tlb(Costs costs) {
        int l1Ways = costs.count(Cost.TLB_L1_WAYS);
        l1Base = new Level(costs.count(Cost.TLB_L1_4K), l1Ways);
        l1Huge = new Level(costs.count(Cost.TLB_L1_2M), Math.min(l1Ways, costs.count(Cost.TLB_L1_2M)));
        stlb = new Level(costs.count(Cost.TLB_STLB), costs.count(Cost.TLB_STLB_WAYS));
    }

    /** Tag: mm id, page number and size; never 0 (0 marks an empty way). */
    static long key(int mmId, long vpn, boolean huge) {
        return ((long) mmId << 40) | (vpn << 1) | (huge ? 1 : 0);
    }

    /** Looks up a translation; {@code write} needs a writable entry. */
    public Hit lookup(int mmId, long vpn, boolean huge, boolean write) {
        long k = key(mmId, vpn, huge);
        Level l1 = huge ? l1Huge : l1Base;
        int w = l1.find(k, vpn);
        if (w >= 0 && (l1.writable[w] || !write)) {
            l1.touch(w);
            return Hit.L1;
        }
        int s = stlb.find(k, vpn);
        if (s >= 0 && (stlb.writable[s] || !write)) {
            stlb.touch(s);
            l1.insert(k, vpn, stlb.writable[s]);
            return Hit.STLB;
        }
        return Hit.MISS;
    }

    public void fill(int mmId, long vpn, boolean huge, boolean writable) {
        long k = key(mmId, vpn, huge);
        (huge ? l1Huge : l1Base).insert(k, vpn, writable);
        stlb.insert(k, vpn, writable);
    }

    public boolean holds(int mmId, long vpn) {
        long k = key(mmId, vpn, false);
        return l1Base.find(k, vpn) >= 0 || stlb.find(k, vpn) >= 0;
    }

    public boolean holdsHuge(int mmId, long hugeVpn) {
        long k = key(mmId, hugeVpn, true);
        return l1Huge.find(k, hugeVpn) >= 0 || stlb.find(k, hugeVpn) >= 0;
    }

    public void flushPage(int mmId, long vpn) {
        long k = key(mmId, vpn, false);
        l1Base.invalidate(k, vpn);
        stlb.invalidate(k, vpn);
    }

    public void flushHugePage(int mmId, long hugeVpn) {
        long k = key(mmId, hugeVpn, true);
        l1Huge.invalidate(k, hugeVpn);
        stlb.invalidate(k, hugeVpn);
    }

    /** Drops every entry of one mm (a full flush of that address space). */
    public void flushMm(int mmId) {
        l1Base.invalidateMm(mmId);
        l1Huge.invalidateMm(mmId);
        stlb.invalidateMm(mmId);
    }

    /** Drops everything (a CR3 write without PCID): O(1), by moving to a new generation. */
    public void flushAll() {
        l1Base.clear();
        l1Huge.clear();
        stlb.clear();
    }

    /** What {@link #forEach} reports of one valid entry. */
    public interface EntryVisitor {
        void entry(int mmId, long vpn, boolean huge, boolean writable);
    }

    /** Every valid entry of every level (an end-of-run check; not for hot paths). */
    public void forEach(EntryVisitor v) {
        l1Base.forEach(v);
        l1Huge.forEach(v);
        stlb.forEach(v);
    }

    /** Valid entries in the second level. */
    public int size() {
        return stlb.valid();
    }

    /** One set-associative array: {@code sets x ways} tags with LRU ages. */
    private static final class Level {
        final int sets;
        final int ways;
        final long[] tag;
        final long[] age;
        final boolean[] writable;
        /** Generation of each way; a way is valid only in the current generation. */
        final int[] gen;
        int epoch = 1;
        /** The mm ids whose entries the current generation may hold (usually one: the loaded mm). */
        int onlyMm = -1;
        boolean mixed;
        long clock;

        Level(int entries, int ways) {
            this.ways = Math.max(1, Math.min(ways, entries));
            this.sets = Math.max(1, entries / this.ways);
            this.tag = new long[sets * this.ways];
            this.age = new long[sets * this.ways];
            this.writable = new boolean[sets * this.ways];
            this.gen = new int[sets * this.ways];
        }

        private int base(long vpn) {
            return (int) Long.remainderUnsigned(vpn, sets) * ways;
        }

        int find(long k, long vpn) {
            int b = base(vpn);
            for (int i = b; i < b + ways; i++) {
                if (tag[i] == k && gen[i] == epoch) {
                    return i;
                }
            }
            return -1;
        }

        void touch(int i) {
            age[i] = ++clock;
        }

        void insert(long k, long vpn, boolean w) {
            int mm = (int) (k >>> 40);
            if (onlyMm < 0) {
                onlyMm = mm;
            } else if (onlyMm != mm) {
                mixed = true;
            }
            int b = base(vpn);
            int victim = b;
            for (int i = b; i < b + ways; i++) {
                if (gen[i] != epoch) {
                    victim = i;
                    break;
                }
                if (tag[i] == k) {
                    victim = i;
                    break;
                }
                if (age[i] < age[victim]) {
                    victim = i;
                }
            }
            tag[victim] = k;
            gen[victim] = epoch;
            writable[victim] = w;
            age[victim] = ++clock;
        }

        void invalidate(long k, long vpn) {
            int i = find(k, vpn);
            if (i >= 0) {
                gen[i] = 0;
                age[i] = 0;
            }
        }

        void invalidateMm(int mmId) {
            if (!mixed) {
                if (onlyMm == mmId) {
                    clear();
                }
                return;
            }
            for (int i = 0; i < tag.length; i++) {
                if (gen[i] == epoch && (tag[i] >>> 40) == mmId) {
                    gen[i] = 0;
                    age[i] = 0;
                }
            }
        }

        void clear() {
            epoch++;
            onlyMm = -1;
            mixed = false;
        }

        void forEach(EntryVisitor v) {
            for (int i = 0; i < tag.length; i++) {
                if (gen[i] == epoch) {
                    long k = tag[i];
                    v.entry((int) (k >>> 40), (k & ((1L << 40) - 1)) >>> 1, (k & 1) != 0, writable[i]);
                }
            }
        }

        int valid() {
            int n = 0;
            for (int g : gen) {
                if (g == epoch) {
                    n++;
                }
            }
            return n;
        }
    }
}
