package numasim.vm;

import numasim.sim.Event;

/** userfaultfd: faults handed to a handler and pages filled. */
public enum UffdEvent implements Event {
    FAULTS(Info.of("uffd:faults", Unit.EVENTS, "faults that raised a userfault")),
    SIGBUS(Info.of("uffd:sigbus", Unit.EVENTS, "userfaults turned into SIGBUS (UFFD_FEATURE_SIGBUS)")),
    COPY_PAGES(Info.of("uffd:copy_pages", Unit.PAGES, "base pages filled by UFFDIO_COPY or ZEROPAGE")),
    CONTINUE_PAGES(Info.of("uffd:continue_pages", Unit.PAGES, "base pages mapped by UFFDIO_CONTINUE"));

    private final Info info;

    UffdEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
