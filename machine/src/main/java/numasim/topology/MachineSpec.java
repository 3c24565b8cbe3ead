package numasim.topology;

/**
 * A machine as a preset or machine file describes it: topology, memory geometry and the cost parameters.
 *
 * @param cpuNumbering how Linux numbers hardware threads: {@code smt-last} (x86: first threads of every core,
 *     then the siblings) or {@code smt-consecutive} (POWER: the threads of a core are consecutive)
 * @param distances ACPI SLIT node distance matrix (10 = local)
 * @param tlbFlush {@code ipi} (x86: the initiator IPIs every CPU of the mm and waits) or {@code broadcast}
 *     (POWER: tlbie instructions invalidate every CPU's TLB in hardware)
 * @param faultAroundBytes fault_around_bytes (default 64 KiB): how much a file read fault maps around itself
 * @param zoneDma node 0 starts with ZONE_DMA (the first 16 MiB, x86-64)
 * @param lowmem RAM below 4 GiB (ZONE_DMA32); the rest is above the 32-bit PCI hole (ZONE_NORMAL)
 * @param deviceMemory persistent memory of a memory-only node (ZONE_DEVICE, for DAX); 0: none
 */
public record MachineSpec(
        String name,
        String description,
        boolean guest,
        int sockets,
        int coresPerSocket,
        int threadsPerCore,
        int nodesPerSocket,
        long memoryPerNode,
        String cpuNumbering,
        int[][] distances,
        long pageSize,
        int maxOrder,
        int pageblockOrder,
        boolean dma32,
        boolean zoneDma,
        long lowmem,
        long deviceMemory,
        int pcpBatch,
        int pcpHigh,
        String tlbFlush,
        long faultAroundBytes,
        Costs costs) {

    /** TLB shootdown by IPIs to every CPU of the mm (x86) rather than by broadcast invalidation (POWER tlbie). */
    public boolean flushByIpi() {
        return "ipi".equals(tlbFlush);
    }

    public int cpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    public int nodes() {
        return sockets * nodesPerSocket;
    }

    public int pageShift() {
        return Long.numberOfTrailingZeros(pageSize);
    }
}
