package numasim.sim;

/**
 * A kernel event counter, declared once in its subsystem's enum (gem5's stats, Ramulator's
 * register_stat): the name metrics files and perf print, its unit and a one-line description. Every
 * event is registered at boot at 0, so two runs' records have the same keys.
 */
public interface Event {
    /** What a counter counts, or (NS) a time it adds up. */
    enum Unit {
        EVENTS("events"), PAGES("pages"), BLOCKS("blocks"), NS("ns");

        public final String label;

        Unit(String label) {
            this.label = label;
        }
    }

    /** The counter's name in metrics.json, runs.csv and perf's block ("fault:anon"). */
    String key();

    Unit unit();

    String description();

    /** One counter per NUMA node, named {@code key() + i} (mm:pgalloc.node0, ...). */
    default boolean perNode() {
        return false;
    }

    /** The name numasim's perf stat block gives it (null: not in the block). */
    default String perfLabel() {
        return null;
    }

    /** The /proc/vmstat line it corresponds to (null: none), so results line up with LKP's proc-vmstat rows. */
    default String vmstat() {
        return null;
    }
}
