package numasim.vm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import numasim.coherence.CacheLine;
import numasim.cpu.MmContext;
import numasim.sync.RwSem;

/**
 * An address space (mm_struct): VMAs ordered by address (mm_rb), the page table, mmap_sem, the CPUs that
 * have it loaded (mm_cpumask) and the RSS counters, which live on a shared cache line.
 */
public final class Mm implements MmContext {
    /** Top of the mmap area; mmap hands out addresses top-down below it, as x86-64 does. */
    static final long MMAP_BASE = 0x7f00_0000_0000L;
    static final long MMAP_MIN = 0x1_0000_0000L;
    /** Where the heap starts (above the program image exec lays out at 0x400000). */
    static final long HEAP_BASE = 0x1000_0000L;

    private final int id;
    final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /**
     * The last VMA a lookup found: a shortcut of the simulator, costing nothing (find_vma's cost is
     * charged by the callers). An attached VMA containing the address is the one the tree would return.
     */
    private Vma vmacache;
    final PageTable pt;
    final RwSem mmapSem;
    final BitSet cpumask = new BitSet();
    final CacheLine counters;
    /**
     * The first line of mm_struct: mm_rb and vmacache_seqnum, which every find_vma reads, and with SPF
     * mm_rb_lock, the rwlock the speculative path takes to look up a VMA without mmap_sem.
     */
    final CacheLine rbLock;
    /** The PMD-level page-table lock (huge PMDs are mapped and zapped under it). */
    final numasim.sync.SpinLock pmdLock;
    int nextAnonVma = 1;
    /** Start and current program break: the heap lies in [startBrk, brk). */
    long startBrk = HEAP_BASE;
    long brk = HEAP_BASE;
    long rssAnon;
    long rssFile;
    int users;

    Mm(int id, PageTable pt, RwSem mmapSem, numasim.coherence.Coherence coherence) {
        this.id = id;
        this.pt = pt;
        this.mmapSem = mmapSem;
        this.counters = new CacheLine("mm" + id + ".rss_stat");
        this.rbLock = new CacheLine("mm" + id + ".mm_rb_lock");
        this.pmdLock = new numasim.sync.SpinLock("mm" + id + ".pmd_lock", coherence);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public void cpuLoaded(int cpu) {
        cpumask.set(cpu);
    }

    @Override
    public void cpuUnloaded(int cpu) {
        cpumask.clear(cpu);
    }

    public BitSet cpumask() {
        return (BitSet) cpumask.clone();
    }

    public RwSem mmapSem() {
        return mmapSem;
    }

    public PageTable pageTable() {
        return pt;
    }

    public long rssAnon() {
        return rssAnon;
    }

    public long rssFile() {
        return rssFile;
    }

    /** Threads sharing this mm (mm_users). */
    public int users() {
        return users;
    }

    /** A thread started (clone with CLONE_VM) or exited. */
    public void addUser(int delta) {
        users += delta;
    }

    /** find_vma: the first VMA ending above {@code addr}. */
    public Vma findVma(long addr) {
        Vma c = cached(addr);
        if (c != null) {
            return c;
        }
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        if (e != null && e.getValue().end > addr) {
            return e.getValue();
        }
        Map.Entry<Long, Vma> hi = vmas.higherEntry(addr);
        return hi == null ? null : hi.getValue();
    }

    /** The VMA containing {@code addr}, or null. */
    public Vma vmaAt(long addr) {
        Vma c = cached(addr);
        if (c != null) {
            return c;
        }
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        Vma v = e != null && e.getValue().end > addr ? e.getValue() : null;
        if (v != null) {
            vmacache = v;
        }
        return v;
    }

    private Vma cached(long addr) {
        Vma c = vmacache;
        return c != null && c.attached && c.start <= addr && addr < c.end ? c : null;
    }

    /** The VMAs covering all of {@code [start, end)} in order, or null if a hole lies in it (-ENOMEM). */
    List<Vma> covering(long start, long end) {
        List<Vma> l = new ArrayList<>();
        for (long a = start; a < end;) {
            Vma v = vmaAt(a);
            if (v == null) {
                return null;
            }
            l.add(v);
            a = v.end;
        }
        return l;
    }

    /** The VMAs overlapping {@code [start, end)}, in address order (holes allowed). */
    List<Vma> overlapping(long start, long end) {
        List<Vma> l = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.floorEntry(start);
        if (first != null && first.getValue().end > start) {
            l.add(first.getValue());
        }
        l.addAll(vmas.subMap(start, false, end, false).values());
        return l;
    }

    public List<Vma> vmas() {
        return new ArrayList<>(vmas.values());
    }

    /** get_unmapped_area, top-down: the highest gap below the mmap base that fits {@code len}. */
    long unmappedArea(long len) {
        long top = MMAP_BASE;
        for (Vma v : vmas.descendingMap().values()) {
            if (v.start >= top) {
                top = Math.min(top, v.start);
                continue;
            }
            if (top - v.end >= len) {
                return top - len;
            }
            top = v.start;
        }
        if (top - MMAP_MIN >= len) {
            return top - len;
        }
        return -1;
    }
}
