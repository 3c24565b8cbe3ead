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

    /**
     * What an event is, declared once with its constant: its name in metrics.json, runs.csv and perf's
     * block ("fault:anon"), unit, one-line description, whether it is counted per NUMA node (named
     * {@code key + i}), the name numasim's perf stat block gives it and its /proc/vmstat line (null: none).
     */
    record Info(String key, Unit unit, String description, boolean perNode, String perfLabel, String vmstat) {
        /** An event counted once per machine, in neither perf's block nor /proc/vmstat. */
        public static Info of(String key, Unit unit, String description) {
            return new Info(key, unit, description, false, null, null);
        }
    }

    Info info();

    default String key() {
        return info().key();
    }

    default Unit unit() {
        return info().unit();
    }

    default String description() {
        return info().description();
    }

    default boolean perNode() {
        return info().perNode();
    }

    default String perfLabel() {
        return info().perfLabel();
    }

    /** So that results line up with LKP's proc-vmstat rows. */
    default String vmstat() {
        return info().vmstat();
    }
}
