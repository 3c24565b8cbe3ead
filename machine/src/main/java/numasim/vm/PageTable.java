package numasim.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import numasim.coherence.Coherence;
import numasim.sync.SpinLock;

/**
 * A 4-level page table, allocated lazily: PUD, PMD and PTE tables exist only where something was mapped,
 * each backed by a page frame. A PTE table has its own split page-table lock.
 */
public final class PageTable {
    /** One PTE table: its frame, entries and lock. */
    public static final class PteTable {
        final long pfn;
        final long[] entries;
        int present;
        final SpinLock ptl;

        PteTable(long pfn, int entries, SpinLock ptl) {
            this.pfn = pfn;
            this.entries = new long[entries];
            this.ptl = ptl;
        }

        public int present() {
            return present;
        }
    }

    final int pteBits;
    final long pgdPfn;
    final TreeMap<Long, PteTable> ptes = new TreeMap<>();
    final TreeMap<Long, Long> pmds = new TreeMap<>();
    final TreeMap<Long, Long> puds = new TreeMap<>();
    /** PMD entries mapping a transparent huge page, by PTE-table index: the head frame. */
    final TreeMap<Long, Long> huge = new TreeMap<>();
    /** The PTE-table indexes of {@link #huge} that map hugetlbfs pages (the file owns them). */
    final java.util.HashSet<Long> hugeFile = new java.util.HashSet<>();

    PageTable(int pteBits, long pgdPfn) {
        this.pteBits = pteBits;
        this.pgdPfn = pgdPfn;
    }

    long pteIndex(long vpn) {
        return vpn >>> pteBits;
    }

    long pmdIndex(long vpn) {
        return vpn >>> (pteBits + 9);
    }

    long pudIndex(long vpn) {
        return vpn >>> (pteBits + 18);
    }

    public int entriesPerTable() {
        return 1 << pteBits;
    }

    /** The PTE tables again, by index in a two-level array: look-ups on every fault stay O(1). */
    private PteTable[][] dir = new PteTable[0][];
    private static final int LEAF_BITS = 12;

    private PteTable lookup(long idx) {
        long top = idx >>> LEAF_BITS;
        if (top >= dir.length) {
            return top < 1 << 20 ? null : ptes.get(idx);
        }
        PteTable[] leaf = dir[(int) top];
        return leaf == null ? null : leaf[(int) (idx & ((1 << LEAF_BITS) - 1))];
    }

    private void index(long idx, PteTable t) {
        long top = idx >>> LEAF_BITS;
        if (top >= 1 << 20) {
            return; // beyond any user address: the tree alone serves
        }
        if (top >= dir.length) {
            dir = java.util.Arrays.copyOf(dir, (int) Math.max(top + 1, dir.length * 2L));
        }
        if (dir[(int) top] == null) {
            dir[(int) top] = new PteTable[1 << LEAF_BITS];
        }
        dir[(int) top][(int) (idx & ((1 << LEAF_BITS) - 1))] = t;
    }

    /** A PTE table left the tree (free_pgtables). */
    void unindex(long idx) {
        if (idx >>> LEAF_BITS < dir.length) {
            index(idx, null);
        }
    }

    /** The array index holds exactly the tables of the tree (checked at the end of a run). */
    boolean indexConsistent() {
        long n = 0;
        for (PteTable[] leaf : dir) {
            if (leaf != null) {
                for (PteTable t : leaf) {
                    n += t != null ? 1 : 0;
                }
            }
        }
        for (var e : ptes.entrySet()) {
            if (lookup(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return n == ptes.size();
    }

    /** Every PTE table left (exit_mmap). */
    void clearPtes() {
        ptes.clear();
        dir = new PteTable[0][];
    }

    public PteTable table(long vpn) {
        return lookup(pteIndex(vpn));
    }

    /** The PTE for {@code vpn}, 0 if none. */
    public long get(long vpn) {
        PteTable t = lookup(pteIndex(vpn));
        if (t == null) {
            if (huge.isEmpty()) {
                return 0;
            }
            Long head = huge.get(pteIndex(vpn));
            return head == null ? 0 : Pte.make(head + (vpn & ((1 << pteBits) - 1)), Pte.PRESENT | Pte.WRITE | Pte.DIRTY | Pte.HUGE);
        }
        return t.entries[(int) (vpn & ((1 << pteBits) - 1))];
    }

    /** The head frame of the huge page mapping {@code vpn}, or -1. */
    public long hugeAt(long vpn) {
        Long head = huge.isEmpty() ? null : huge.get(pteIndex(vpn));
        return head == null ? -1 : head;
    }

    public int hugeMappings() {
        return huge.size();
    }

    void set(PteTable t, long vpn, long pte) {
        int i = (int) (vpn & ((1 << pteBits) - 1));
        boolean was = Pte.present(t.entries[i]);
        boolean is = Pte.present(pte);
        t.entries[i] = pte;
        t.present += (is ? 1 : 0) - (was ? 1 : 0);
    }

    PteTable newPteTable(long vpn, long pfn, Coherence coherence) {
        PteTable t = new PteTable(pfn, 1 << pteBits, new SpinLock("ptl", coherence));
        ptes.put(pteIndex(vpn), t);
        index(pteIndex(vpn), t);
        return t;
    }

    public int pteTables() {
        return ptes.size();
    }

    public int pmdTables() {
        return pmds.size();
    }

    public int pudTables() {
        return puds.size();
    }

    /** Base-page ranges [first vpn, last vpn] of every table, for the no-orphan-table check. */
    List<long[]> tableRanges() {
        List<long[]> r = new ArrayList<>();
        ptes.keySet().forEach(i -> r.add(new long[] {i << pteBits, ((i + 1) << pteBits) - 1}));
        pmds.keySet().forEach(i -> r.add(new long[] {i << (pteBits + 9), ((i + 1) << (pteBits + 9)) - 1}));
        puds.keySet().forEach(i -> r.add(new long[] {i << (pteBits + 18), ((i + 1) << (pteBits + 18)) - 1}));
        return r;
    }
}
