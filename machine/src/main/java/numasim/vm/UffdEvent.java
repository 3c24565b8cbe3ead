package numasim.vm;

import numasim.sim.Event;

/** userfaultfd: faults handed to a handler and pages filled. */
public enum UffdEvent implements Event {
    FAULTS("uffd:faults", Unit.EVENTS, "faults that raised a userfault"),
    SIGBUS("uffd:sigbus", Unit.EVENTS, "userfaults turned into SIGBUS (UFFD_FEATURE_SIGBUS)"),
    COPY_PAGES("uffd:copy_pages", Unit.PAGES, "base pages filled by UFFDIO_COPY or ZEROPAGE"),
    CONTINUE_PAGES("uffd:continue_pages", Unit.PAGES, "base pages mapped by UFFDIO_CONTINUE");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    UffdEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    UffdEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    UffdEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.perNode = perNode;
        this.perf = perf;
        this.vmstat = vmstat;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean perNode() {
        return perNode;
    }

    @Override
    public String perfLabel() {
        return perf;
    }

    @Override
    public String vmstat() {
        return vmstat;
    }
}
