package numasim.cpu;

/** What the scheduler needs of an address space: its id and its cpumask (mm_cpumask). */
public interface MmContext {
    int id();

    /** A CPU switched to this mm (sets its bit in mm_cpumask). */
    void cpuLoaded(int cpu);

    /** A CPU switched away from this mm (x86 clears the bit since 4.14). */
    void cpuUnloaded(int cpu);
}
