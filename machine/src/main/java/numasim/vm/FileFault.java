package numasim.vm;

import java.util.function.Consumer;

import numasim.cpu.Task;
import numasim.topology.Cost;

/**
 * Faults on file mappings (under mmap_sem, classic path).
 * <ul>
 * <li>Read, no PTE: do_read_fault. First fault-around: map_pages maps the pages around the address that
 * are already in the page cache, at most {@code fault_around_bytes}, never past the PTE table or the VMA.
 * It runs atomically, so if the PTE table is missing it gets one preallocated beforehand (the postponed
 * page-table allocation); a preallocated table that ends up unused is freed. If the faulting page was not
 * mapped that way, it is read in (a disk read sleeps) and mapped.</li>
 * <li>Write, no PTE, private: do_cow_fault copies the page-cache page into a new anonymous page.</li>
 * <li>Write, no PTE, shared: do_shared_fault dirties the page-cache page and maps it writable.</li>
 * <li>Write to a read-only page-cache PTE: private copies it (wp_page_copy), shared dirties it.</li>
 * </ul>
 */
final class FileFault {
    private final VmEnv env;
    private final PageTables tables;
    private final PageCache cache;
    private final Fault fault;
    private final long[] readFaults;
    private final long[] aroundMapped;
    private final long[] cowFaults;
    private final long[] sharedFaults;
    private final long[] preallocUnused;
    private final long[] sigbus;

    FileFault(VmEnv env, PageTables tables, PageCache cache, Fault fault) {
        this.env = env;
        this.tables = tables;
        this.cache = cache;
        this.fault = fault;
        this.readFaults = env.counters().counter("fault:file_read");
        this.aroundMapped = env.counters().counter("fault:around_mapped");
        this.cowFaults = env.counters().counter("fault:file_cow");
        this.sharedFaults = env.counters().counter("fault:file_shared");
        this.preallocUnused = env.counters().counter("mm:prealloc_pte_unused");
        this.sigbus = env.counters().counter("fault:sigbus");
    }

    private long index(Vma v, long vpn) {
        return v.pgoff + vpn - (v.start >>> env.pageShift());
    }

    long peek(File f, long index) {
        return cache.peek(f, index);
    }

    void insert(Task t, File f, long index, long pfn) {
        cache.insertPage(t, f, index, pfn);
    }

    /** Whether the file page behind {@code vpn} is in the page cache. */
    boolean cached(Vma v, long vpn) {
        long index = index(v, vpn);
        return index < cache.pages(v.file) && cache.peek(v.file, index) >= 0;
    }

    void fault(Task t, Mm mm, Vma v, long vpn, boolean write, Consumer<Fault.Outcome> done) {
        long index = index(v, vpn);
        if (index >= cache.pages(v.file)) {
            sigbus[0]++; // beyond the end of the file
            done.accept(Fault.Outcome.SIGBUS);
            return;
        }
        long pte = mm.pt.get(vpn);
        if (Pte.present(pte)) {
            if (write && !Pte.writable(pte) && (pte & Pte.FILE) != 0) {
                PageTable.PteTable table = mm.pt.table(vpn);
                if (v.shared()) {
                    // wp_page_shared: the page becomes dirty and writable
                    cache.markDirty(t, v.file, index);
                    fault.lockPtl(t, table);
                    mm.pt.set(table, vpn, pte | Pte.WRITE | Pte.DIRTY);
                    sharedFaults[0]++;
                    done.accept(Fault.Outcome.MAPPED);
                } else {
                    done.accept(copyIn(t, mm, table, vpn, Pte.pfn(pte), true));
                }
                return;
            }
            done.accept(Fault.Outcome.SPURIOUS);
            return;
        }
        if (!write) {
            readFault(t, mm, v, vpn, index, done);
        } else if (v.shared()) {
            cache.get(t, v.file, index, pfn -> {
                cache.markDirty(t, v.file, index);
                PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
                fault.lockPtl(t, table);
                mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY | Pte.FILE));
                fault.rssEvent(t, mm, 1, true);
                sharedFaults[0]++;
                done.accept(Fault.Outcome.MAPPED);
            });
        } else {
            cache.get(t, v.file, index, pfn -> {
                PageTable.PteTable table = tables.walkAlloc(t, mm, vpn);
                done.accept(copyIn(t, mm, table, vpn, pfn, false));
            });
        }
    }

    /** do_cow_fault / wp_page_copy: a private anonymous copy of page-cache page {@code src}. */
    private Fault.Outcome copyIn(Task t, Mm mm, PageTable.PteTable table, long vpn, long src, boolean replacing) {
        cowFaults[0]++;
        long pfn = env.mem().allocPage(t, env.sched().cpu(t.cpu()).node);
        t.sys(fault.copyNs());
        fault.lockPtl(t, table);
        if (replacing) {
            mm.rssFile--;
        }
        mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.WRITE | Pte.DIRTY));
        fault.rssEvent(t, mm, 1);
        env.mem().lruAdd(t, pfn);
        if (replacing) {
            env.shootdown().flushRange(t, mm.id(), mm.cpumask, vpn, 1, 0);
        }
        return Fault.Outcome.COW;
    }

    private void readFault(Task t, Mm mm, Vma v, long vpn, long index, Consumer<Fault.Outcome> done) {
        readFaults[0]++;
        long[] prealloc = {0};
        int around = (int) (env.faultAroundBytes() >>> env.pageShift());
        if (around > 1 && (v.flags & Vma.VM_UFFD_MINOR) == 0) { // no fault-around where minor faults are intercepted
            if (mm.pt.table(vpn) == null) {
                tables.walkAllocUpper(t, mm, vpn);
                prealloc[0] = tables.allocTablePage(t); // pte_alloc_one before the atomic map_pages
            }
            mapPages(t, mm, v, vpn, around, prealloc);
            if (Pte.present(mm.pt.get(vpn))) {
                freeUnused(t, prealloc);
                done.accept(Fault.Outcome.MAPPED);
                return;
            }
        }
        cache.get(t, v.file, index, pfn -> {
            PageTable.PteTable table = mm.pt.table(vpn);
            if (table == null) {
                table = prealloc[0] != 0 ? tables.installTable(mm, vpn, prealloc[0]) : tables.walkAlloc(t, mm, vpn);
                prealloc[0] = 0;
            }
            if (!Pte.present(mm.pt.get(vpn))) {
                fault.lockPtl(t, table);
                mm.pt.set(table, vpn, Pte.make(pfn, Pte.PRESENT | Pte.FILE));
                fault.rssEvent(t, mm, 1, true);
            }
            freeUnused(t, prealloc);
            done.accept(Fault.Outcome.MAPPED);
        });
    }

    private void freeUnused(Task t, long[] prealloc) {
        if (prealloc[0] != 0) {
            preallocUnused[0]++;
            tables.freeTablePage(t, prealloc[0]);
            prealloc[0] = 0;
        }
    }

    /**
     * do_fault_around + filemap_map_pages: the window is the {@code around}-page aligned block holding the
     * address, clipped to the VMA and to the PTE table; only cached pages with no PTE get mapped.
     */
    private void mapPages(Task t, Mm mm, Vma v, long vpn, int around, long[] prealloc) {
        long vmaStart = v.start >>> env.pageShift();
        long vmaEnd = v.end >>> env.pageShift();
        int ptes = mm.pt.entriesPerTable();
        long start = Math.max(vpn & -(long) around, vmaStart);
        long tableEnd = (start | (ptes - 1)) + 1;
        long end = Math.min(Math.min(start + around, vmaEnd), tableEnd);
        long eof = cache.pages(v.file);
        PageTable.PteTable table = mm.pt.table(vpn);
        boolean locked = false;
        for (long p = start; p < end; p++) {
            long index = index(v, p);
            if (index >= eof) {
                break;
            }
            long pfn = cache.peek(v.file, index);
            if (pfn < 0 || (table != null && Pte.present(mm.pt.get(p)))) {
                continue;
            }
            if (table == null) {
                table = tables.installTable(mm, vpn, prealloc[0]); // the preallocated table is used
                prealloc[0] = 0;
            }
            if (!locked) {
                fault.lockPtl(t, table);
                locked = true;
            }
            mm.pt.set(table, p, Pte.make(pfn, Pte.PRESENT | Pte.FILE));
            t.sys(env.costs().ns(Cost.FILE_PAGE_OP));
            fault.rssEvent(t, mm, 1, true);
            if (p != vpn) {
                aroundMapped[0]++;
            }
        }
    }
}
