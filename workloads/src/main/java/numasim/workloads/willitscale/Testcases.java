package numasim.workloads.willitscale;

import java.util.List;

/** The will-it-scale test cases numasim runs, by binary name. */
final class Testcases {
    static final List<String> NAMES = List.of("page_fault1", "page_fault2", "page_fault3", "mmap1", "mmap2", "malloc1",
            "brk1", "context_switch1", "signal1", "read1", "read2", "writeseek3");

    private Testcases() {
    }

    static Testcase create(String name) {
        return switch (name) {
            case "page_fault1" -> new PageFault(PageFault.Kind.ANON);
            case "page_fault2" -> new PageFault(PageFault.Kind.FILE_PRIVATE);
            case "page_fault3" -> new PageFault(PageFault.Kind.FILE_SHARED);
            case "mmap1" -> new MmapMunmap(false);
            case "mmap2" -> new MmapMunmap(true);
            case "malloc1" -> new Malloc1();
            case "brk1" -> new Brk1();
            case "context_switch1" -> new ContextSwitch1();
            case "signal1" -> new Signal1();
            case "read1" -> new Read(false);
            case "read2" -> new Read(true);
            case "writeseek3" -> new WriteSeek3();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
