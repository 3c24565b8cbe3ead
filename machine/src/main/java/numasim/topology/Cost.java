package numasim.topology;

/**
 * Every physical cost parameter a machine preset must give, declared once with its unit and a one-line
 * doc (as gem5 declares parameters). A preset gives each a value and a source.
 */
public enum Cost {
    CPU_GHZ("cpu_ghz", Unit.GHZ, "core clock; converts cycle figures to ns"),
    SMT_THROUGHPUT("smt_throughput", Unit.LIST, "core throughput with 1..threads_per_core busy hardware threads, relative to one"),
    CONTEXT_SWITCH("context_switch", Unit.NS, "switching a CPU from one task to another (schedule + switch_to)"),
    SCHED_LATENCY("sched_latency", Unit.NS, "CFS target latency (sysctl_sched_latency, scaled by CPU count)"),
    SCHED_MIN_GRANULARITY("sched_min_granularity", Unit.NS, "CFS minimum slice (sysctl_sched_min_granularity, scaled)"),
    BALANCE_INTERVAL("balance_interval", Unit.NS, "load-balancing interval of idle CPUs at the socket level (sd_init: min_interval = the domain's CPU count in ms)"),
    TICK_HZ("tick_hz", Unit.COUNT, "scheduler tick rate of a busy CPU (CONFIG_HZ); idle CPUs do not tick (NO_HZ)"),
    TICK("tick", Unit.NS, "handling one scheduler tick interrupt"),
    SYSCALL_ENTRY("syscall_entry", Unit.CYCLES, "system call entry + exit"),
    FAULT_ENTRY("fault_entry", Unit.CYCLES, "page-fault exception entry + exit"),
    ATOMIC_LOCAL("atomic_local", Unit.CYCLES, "an atomic on a cache line this CPU already owns"),
    LINE_SMT("line_smt", Unit.NS, "cache-line transfer between SMT siblings: a contended atomic on a line its sibling wrote, the locked operation included (c2c latency)"),
    LINE_SOCKET("line_socket", Unit.NS, "cache-line transfer between cores of one socket, the locked operation included (c2c latency)"),
    LINE_REMOTE("line_remote", Unit.NS, "cache-line transfer between sockets, the locked operation included (c2c latency)"),
    MEM_LOCAL("mem_local", Unit.NS, "DRAM latency, local node"),
    MEM_REMOTE("mem_remote", Unit.NS, "DRAM latency, remote node"),
    COPY_BANDWIDTH("copy_bandwidth", Unit.GBPS, "memcpy bandwidth of one core"),
    ZERO_PAGE("zero_page", Unit.NS, "clearing one base page (clear_page)"),
    TLB_L1_4K("tlb_l1_4k", Unit.COUNT, "first-level data TLB entries for base pages"),
    TLB_L1_2M("tlb_l1_2m", Unit.COUNT, "first-level data TLB entries for 2 MiB pages"),
    TLB_STLB("tlb_stlb", Unit.COUNT, "second-level TLB entries (base and 2 MiB pages)"),
    TLB_L1_WAYS("tlb_l1_ways", Unit.COUNT, "associativity of the first-level TLBs"),
    TLB_STLB_WAYS("tlb_stlb_ways", Unit.COUNT, "associativity of the second-level TLB"),
    TLB_STLB_HIT("tlb_stlb_hit", Unit.CYCLES, "an L1 TLB miss that hits the second level"),
    WALK_REFS("walk_refs", Unit.COUNT, "memory references of one page walk (4 native, up to 24 two-dimensional in a guest)"),
    WALK_REF("walk_ref", Unit.CYCLES, "one page-walk reference served from the caches"),
    INVLPG("invlpg", Unit.CYCLES, "invalidating one TLB entry"),
    FLUSH_ONE("flush_one", Unit.CYCLES, "local flush_tlb_mm_range of one page, fixed part"),
    FULL_FLUSH("full_flush", Unit.CYCLES, "flushing a whole TLB"),
    FLUSH_CEILING("flush_ceiling", Unit.COUNT, "tlb_single_page_flush_ceiling: above it the whole TLB is flushed"),
    VIRTQUEUE_ADD("virtqueue_add", Unit.NS, "adding one buffer to a virtqueue (free page hinting and reporting to the host)"),
    IPI_SEND("ipi_send", Unit.CYCLES, "sender's cost per IPI target (a VM exit in a guest)"),
    IPI_SMT("ipi_smt", Unit.NS, "IPI delivery to an SMT sibling"),
    IPI_SOCKET("ipi_socket", Unit.NS, "IPI delivery within a socket"),
    IPI_REMOTE("ipi_remote", Unit.NS, "IPI delivery to another socket"),
    IDLE_WAKEUP("idle_wakeup", Unit.NS, "an idle CPU running again after an interrupt: C-state exit natively, a halted vCPU re-entered by the host in a guest"),
    IPI_HANDLE("ipi_handle", Unit.CYCLES, "handling a received IPI, excluding the flush itself"),
    TLBIE("tlbie", Unit.NS, "broadcast TLB invalidation of one page by instruction (POWER tlbie; unused where flushes use IPIs)"),
    HPTE_INSERT("hpte_insert", Unit.NS, "inserting a translation into a hash page table on first access (POWER8 hash MMU; 0 elsewhere)"),
    SPF_FAULT_OVERHEAD("spf_fault_overhead", Unit.NS, "what the SPF series adds to every fault, speculative or not (vm_fault field copies, sequence reads, pte_map_lock)"),
    HANDLE_MM_FAULT("handle_mm_fault", Unit.NS, "software path of a page fault not modelled separately (walk, PTE set, accounting)"),
    FIND_VMA("find_vma", Unit.NS, "looking up a VMA in mm_rb"),
    MMAP_PATH("mmap_path", Unit.NS, "mmap software path: get_unmapped_area, VMA allocation or merge"),
    VMA_ADJUST("vma_adjust", Unit.NS, "__vma_adjust: one VMA's bounds changed with its anon_vma and trees updated (the span SPF's vm_write_begin/end brackets)"),
    MUNMAP_PATH("munmap_path", Unit.NS, "munmap fixed software path: VMA split/detach, unmap_region set-up"),
    MPROTECT_PATH("mprotect_path", Unit.NS, "mprotect fixed software path"),
    COPY_PTE("copy_pte", Unit.NS, "copying one PTE at fork (copy_one_pte, write-protecting private pages)"),
    FORK_PATH("fork_path", Unit.NS, "fork software path besides the page tables (task and mm set-up)"),
    CLONE_PATH("clone_path", Unit.NS, "clone of a thread (CLONE_VM | CLONE_THREAD): task set-up without an mm, as pthread_create pays it"),
    EXEC_PATH("exec_path", Unit.NS, "execve software path besides the mappings (binary loading, argument copy)"),
    FILE_PAGE_OP("file_page_op", Unit.NS, "looking up or inserting one page in a file's page cache (under its tree lock)"),
    DISK_READ("disk_read", Unit.NS, "reading one page of a disk-backed file that is not cached"),
    ZAP_PTE("zap_pte", Unit.NS, "zapping one present PTE (clear, rmap, counters)"),
    PAGE_FREE("page_free", Unit.NS, "releasing one page after a zap (release_pages)"),
    BUDDY_PAGE("buddy_page", Unit.NS, "moving one page between a per-CPU list and the buddy lists under zone->lock"),
    PCP_OP("pcp_op", Unit.NS, "an order-0 allocation or free on the per-CPU list"),
    PAGE_ALLOC_PATH("page_alloc_path", Unit.NS, "__alloc_pages' fast path around the list operation: zonelist walk, watermark check, prep_new_page"),
    LRU_PAGE("lru_page", Unit.NS, "adding one page to the LRU while holding the lru_lock"),
    SIGNAL_OP("signal_op", Unit.NS, "work under sighand->siglock: queueing or dequeueing a signal, changing the blocked mask, recalc_sigpending"),
    SIGNAL_FRAME("signal_frame", Unit.NS, "running a user signal handler: setup_rt_frame (xsave to the user stack) plus rt_sigreturn (xrstor)"),
    PIPE_OP("pipe_op", Unit.NS, "pipe_read or pipe_write under pipe->mutex besides the copy (buffer bookkeeping, wake-up set-up)"),
    VFS_RW("vfs_rw", Unit.NS, "read/write/lseek VFS path besides the page cache: fdget, rw_verify_area, fsnotify, time updates"),
    VM_EXIT("vm_exit", Unit.CYCLES, "a light VM exit and re-entry (a hypercall, an exit to inject an interrupt); 0 on bare metal"),
    PV_IPI_TARGET("pv_ipi_target", Unit.NS, "host work per destination of one PV send-IPI hypercall (kvm_pv_send_ipi: find the vCPU, set the IRR, kick it)"),
    VCPU_KICK("vcpu_kick", Unit.NS, "the host running a halted vCPU that stopped polling: wake-up of its thread, context switch, VM entry with the interrupt"),
    HALT_POLL_NS("halt_poll_ns", Unit.NS, "kvm.halt_poll_ns: longest a halted vCPU polls on its physical CPU before the host schedules it out (0: no polling)"),
    HOST_LOAD("host_load", Unit.THREADS, "other runnable host threads on each vCPU's physical CPU, on average (0: dedicated physical CPUs)"),
    HOST_SLICE("host_slice", Unit.NS, "how long the host's CFS lets a thread run before switching (its ideal runtime, rounded up to a host tick)"),
    HOST_WAKEUP_GRANULARITY("host_wakeup_granularity", Unit.NS, "host sysctl_sched_wakeup_granularity: a waking vCPU preempts the running host thread only if this far behind it"),
    HOST_SLEEPER_CREDIT("host_sleeper_credit", Unit.NS, "how far behind min_vruntime the host places a vCPU that slept (GENTLE_FAIR_SLEEPERS: sched_latency / 2)");

    public enum Unit {
        NS("ns"), CYCLES("cycles"), GHZ("GHz"), COUNT("count"), GBPS("GB/s"), LIST("list"), THREADS("threads");

        public final String label;

        Unit(String label) {
            this.label = label;
        }
    }

    public final String key;
    public final Unit unit;
    public final String doc;

    Cost(String key, Unit unit, String doc) {
        this.key = key;
        this.unit = unit;
        this.doc = doc;
    }

    public static Cost byKey(String key) {
        for (Cost c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        return null;
    }
}
