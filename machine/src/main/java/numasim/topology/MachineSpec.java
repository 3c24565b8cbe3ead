package numasim.topology;

/**
 * A machine as a preset or machine file describes it: topology, memory geometry and the cost parameters.
 */
public record MachineSpec(String name, String description, boolean guest, Shape shape, Memory memory, Costs costs, Kvm kvm) {
    /**
     * The paravirtual features a KVM guest and its host use (null on bare metal). Their costs are in
     * {@link Costs} ({@code vm_exit}, {@code pv_ipi_target}, {@code vcpu_kick}, {@code halt_poll_ns},
     * {@code host_load}, ...).
     *
     * @param pvIpi the guest sends a multi-destination IPI with one hypercall (Linux 4.19+) instead of an
     *     exit per destination
     * @param postedInterrupts APICv posted interrupts: an interrupt reaches a running vCPU without an exit
     * @param pvTlbFlush the initiator of a shootdown skips vCPUs the host has scheduled out; they flush on
     *     entry (Linux 4.16+, needs steal time)
     * @param stealTime the guest learns how long it was runnable but not running and charges that to
     *     steal, not to the task that ran
     */
    public record Kvm(boolean pvIpi, boolean postedInterrupts, boolean pvTlbFlush, boolean stealTime) {
    }

    /**
     * Sockets, cores, hardware threads and NUMA nodes.
     *
     * @param cpuNumbering how Linux numbers hardware threads: {@code smt-last} (x86: first threads of every
     *     core, then the siblings) or {@code smt-consecutive} (POWER: the threads of a core are consecutive)
     * @param distances ACPI SLIT node distance matrix (10 = local)
     */
    public record Shape(int sockets, int coresPerSocket, int threadsPerCore, int nodesPerSocket, String cpuNumbering, int[][] distances) {
    }

    /**
     * Memory: how much, its zones, the buddy allocator's geometry and how the MMU's TLBs are flushed.
     *
     * @param deviceMemory persistent memory of a memory-only node (ZONE_DEVICE, for DAX); 0: none
     */
    public record Memory(long perNode, long deviceMemory, Zones zones, Buddy buddy, Mmu mmu) {
    }

    /**
     * @param zoneDma node 0 starts with ZONE_DMA (the first 16 MiB, x86-64)
     * @param lowmem RAM below 4 GiB (ZONE_DMA32); the rest is above the 32-bit PCI hole (ZONE_NORMAL)
     */
    public record Zones(boolean dma32, boolean zoneDma, long lowmem) {
    }

    public record Buddy(long pageSize, int maxOrder, int pageblockOrder, int pcpBatch, int pcpHigh) {
    }

    /**
     * @param tlbFlush {@code ipi} (x86: the initiator IPIs every CPU of the mm and waits) or {@code broadcast}
     *     (POWER: tlbie instructions invalidate every CPU's TLB in hardware)
     * @param faultAroundBytes fault_around_bytes (default 64 KiB): how much a file read fault maps around itself
     */
    public record Mmu(String tlbFlush, long faultAroundBytes) {
    }

    /** TLB shootdown by IPIs to every CPU of the mm (x86) rather than by broadcast invalidation (POWER tlbie). */
    public boolean flushByIpi() {
        return "ipi".equals(memory.mmu().tlbFlush());
    }

    public int cpus() {
        return sockets() * coresPerSocket() * threadsPerCore();
    }

    public int nodes() {
        return sockets() * nodesPerSocket();
    }

    public int pageShift() {
        return Long.numberOfTrailingZeros(pageSize());
    }

    public int sockets() {
        return shape.sockets();
    }

    public int coresPerSocket() {
        return shape.coresPerSocket();
    }

    public int threadsPerCore() {
        return shape.threadsPerCore();
    }

    public int nodesPerSocket() {
        return shape.nodesPerSocket();
    }

    public String cpuNumbering() {
        return shape.cpuNumbering();
    }

    public int[][] distances() {
        return shape.distances();
    }

    public long memoryPerNode() {
        return memory.perNode();
    }

    public long deviceMemory() {
        return memory.deviceMemory();
    }

    public long pageSize() {
        return memory.buddy().pageSize();
    }

    public int maxOrder() {
        return memory.buddy().maxOrder();
    }

    public int pageblockOrder() {
        return memory.buddy().pageblockOrder();
    }

    public int pcpBatch() {
        return memory.buddy().pcpBatch();
    }

    public int pcpHigh() {
        return memory.buddy().pcpHigh();
    }

    public boolean dma32() {
        return memory.zones().dma32();
    }

    public boolean zoneDma() {
        return memory.zones().zoneDma();
    }

    public long lowmem() {
        return memory.zones().lowmem();
    }

    public String tlbFlush() {
        return memory.mmu().tlbFlush();
    }

    public long faultAroundBytes() {
        return memory.mmu().faultAroundBytes();
    }
}
