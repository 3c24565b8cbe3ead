package numasim.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Persistent memory as ZONE_DEVICE pages of a memory-only node, used through DAX (seed 001): files are
 * extents of the device, mapped straight into page tables with no page cache, by the PMD where a whole
 * aligned huge page fits. Device pages never enter the buddy allocator.
 *
 * <p>Two page reference-counting schemes, as before and after the series:
 * <ul>
 * <li>{@code legacy}: an idle page holds one reference (it is "free" when its count drops back to 1);
 *     mapping it takes none (the PTE carries the devmap bit instead);
 * <li>{@code normal}: an idle page holds none (free at 0); every PTE or PMD mapping holds one, taken on
 *     fault and dropped on unmap, so DAX pages follow the rules of other pages.
 * </ul>
 * Truncate breaks the layout first (unmaps the range from every address space); an entry whose page is
 * still referenced after that is reported as a warning and deleted, as the series does.
 */
public final class DaxDevice {
    public enum Refcount { LEGACY, NORMAL }

    private final VmEnv env;
    /** First pfn of the device (after all RAM) and its size in pages. */
    public final long basePfn;
    public final long pages;
    /** Free extents: start pfn to length in pages. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** Per-page reference counts, in chunks of one huge page allocated when a file first owns them. */
    private int[][] refs = new int[0][];
    private final java.util.BitSet owned = new java.util.BitSet();
    private Refcount scheme = Refcount.NORMAL;
    private final long[] refOps;
    private final long[] warnings;
    private final List<File> files = new ArrayList<>();
    private final PageCache cache;

    DaxDevice(VmEnv env, PageCache cache, long basePfn, long pages) {
        this.env = env;
        this.cache = cache;
        this.basePfn = basePfn;
        this.pages = pages;
        free.put(basePfn, pages);
        this.refOps = env.counters().counter(DaxEvent.REFCOUNT_OPS);
        this.warnings = env.counters().counter(DaxEvent.TRUNCATE_LIVE_ENTRY_WARNINGS);
    }

    /** Chooses the reference-counting scheme (a kernel build choice: before or after the series). */
    public void setRefcount(Refcount r) {
        if (!files.isEmpty()) {
            throw new IllegalStateException("the refcount scheme is chosen before any DAX file exists");
        }
        this.scheme = r;
    }

    public Refcount refcount() {
        return scheme;
    }

    public boolean contains(long pfn) {
        return pfn >= basePfn && pfn < basePfn + pages;
    }

    /** Free device pages. */
    public long freePages() {
        long n = 0;
        for (long l : free.values()) {
            n += l;
        }
        return n;
    }

    private int idleRefs() {
        return scheme == Refcount.LEGACY ? 1 : 0;
    }

    private int[] chunk(long pfn) {
        int c = (int) ((pfn - basePfn) >>> env.pteBits());
        if (c >= refs.length) {
            refs = java.util.Arrays.copyOf(refs, Math.max(c + 1, refs.length * 2));
        }
        if (refs[c] == null) {
            refs[c] = new int[1 << env.pteBits()];
            java.util.Arrays.fill(refs[c], idleRefs());
        }
        return refs[c];
    }

    /** The page's reference count. */
    public int refs(long pfn) {
        return chunk(pfn)[(int) ((pfn - basePfn) & ((1 << env.pteBits()) - 1))];
    }

    private void addRefs(long pfn, int d) {
        chunk(pfn)[(int) ((pfn - basePfn) & ((1 << env.pteBits()) - 1))] += d;
        refOps[0]++;
    }

    /**
     * A DAX file of {@code size} bytes: one extent of the device, aligned to a huge page so PMD mappings
     * are possible; null if no free extent is large enough (ENOSPC).
     */
    public File create(String name, long size) {
        long huge = 1L << env.pteBits();
        long need = (((size + env.pageSize() - 1) >>> env.pageShift()) + huge - 1) & -huge;
        for (var e : free.entrySet()) {
            long start = (e.getKey() + huge - 1) & -huge;
            long end = e.getKey() + e.getValue();
            if (end - start >= need) {
                free.remove(e.getKey());
                if (start > e.getKey()) {
                    free.put(e.getKey(), start - e.getKey());
                }
                if (end > start + need) {
                    free.put(start + need, end - start - need);
                }
                File f = cache.create(name, File.Fs.DAX, size);
                f.daxBase = start;
                f.daxPages = need;
                owned.set((int) (start - basePfn), (int) (start - basePfn + need));
                files.add(f);
                return f;
            }
        }
        return null;
    }

    /** The device page behind page {@code index} of {@code f}. */
    long pfn(File f, long index) {
        return f.daxBase + index;
    }

    /** get_user_pages on a DAX page (a DMA or O_DIRECT pin): one reference under either scheme. */
    public void pin(long pfn) {
        addRefs(pfn, 1);
    }

    public void unpin(long pfn) {
        addRefs(pfn, -1);
    }

    /** The device page holding byte {@code offset} of DAX file {@code f}. */
    public long pfnAt(File f, long offset) {
        return f.daxBase + (offset >>> env.pageShift());
    }

    /** A mapping of {@code n} pages from {@code pfn} (a PTE: 1, a PMD: the huge page's head only) was made. */
    void mapped(long pfn) {
        if (scheme == Refcount.NORMAL) {
            addRefs(pfn, 1);
        }
    }

    /** A mapping of {@code pfn} (a PTE, or a PMD's head) was removed. */
    void unmapped(long pfn) {
        if (scheme == Refcount.NORMAL) {
            addRefs(pfn, -1);
            if (refs(pfn) < 0) {
                throw new numasim.sim.InvariantViolation("DAX page " + pfn + " dropped below zero references");
            }
        }
    }

    /**
     * truncate(f, 0) then unlink: break the layout (unmap the file from {@code mms}), then delete every
     * entry; one still referenced is a warning, deleted all the same. The extent goes back to the device.
     */
    public void truncate(Task t, File f, List<Mm> mms, Zap zap, Runnable k) {
        List<Mm> owners = new ArrayList<>();
        List<Vma> mapped = new ArrayList<>();
        for (Mm mm : mms) {
            for (Vma v : mm.vmas.values()) {
                if (v.file == f) {
                    owners.add(mm);
                    mapped.add(v);
                }
            }
        }
        unmapEach(t, f, owners, mapped, 0, zap, k);
    }

    /** unmap_mapping_range over the file's mappings one after the other (copies in private ones freed, device pages kept). */
    private void unmapEach(Task t, File f, List<Mm> owners, List<Vma> mapped, int i, Zap zap, Runnable k) {
        if (i == mapped.size()) {
            deleteEntries(t, f, k);
            return;
        }
        Vma v = mapped.get(i);
        zap.unmap(t, owners.get(i), List.of(v), v.start >>> env.pageShift(), v.end >>> env.pageShift(),
                () -> unmapEach(t, f, owners, mapped, i + 1, zap, k));
    }

    private void deleteEntries(Task t, File f, Runnable k) {
        for (long p = f.daxBase; p < f.daxBase + f.daxPages; p++) {
            t.sys(env.costs().ns(Cost.FILE_PAGE_OP) / 16); // dax_delete_mapping_entry per page, batched by the xarray walk
            if (refs(p) != idleRefs()) {
                warnings[0]++; // the series: WARN_ON_ONCE(page still in use) and delete the entry
                chunk(p)[(int) ((p - basePfn) & ((1 << env.pteBits()) - 1))] = idleRefs();
            }
        }
        owned.clear((int) (f.daxBase - basePfn), (int) (f.daxBase - basePfn + f.daxPages));
        free.put(f.daxBase, f.daxPages);
        files.remove(f);
        t.sync(k);
    }

    /**
     * Conservation of device pages: every page is free or owned by exactly one file, and free pages hold
     * exactly their idle references.
     */
    List<String> check() {
        List<String> problems = new ArrayList<>();
        long freeCount = 0;
        for (var e : free.entrySet()) {
            freeCount += e.getValue();
            int from = (int) (e.getKey() - basePfn);
            int to = (int) (from + e.getValue());
            if (owned.nextSetBit(from) >= 0 && owned.nextSetBit(from) < to) {
                problems.add("DAX page " + (basePfn + owned.nextSetBit(from)) + " is both free and owned by a file");
            }
            for (int c = from >>> env.pteBits(); c < refs.length && c <= (to - 1) >>> env.pteBits(); c++) {
                if (refs[c] != null) {
                    for (int i = 0; i < refs[c].length; i++) {
                        long idx = ((long) c << env.pteBits()) + i;
                        if (idx >= from && idx < to && refs[c][i] != idleRefs()) {
                            problems.add("free DAX page " + (basePfn + idx) + " holds " + refs[c][i] + " references");
                            return problems;
                        }
                    }
                }
            }
        }
        if (freeCount + owned.cardinality() != pages) {
            problems.add("DAX device: " + freeCount + " free + " + owned.cardinality() + " owned != " + pages + " pages");
        }
        return problems;
    }
}
