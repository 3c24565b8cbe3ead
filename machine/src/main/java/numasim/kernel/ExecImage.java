package numasim.kernel;

import java.util.List;

import numasim.vm.File;

/**
 * What execve maps: the program's and its libraries' file segments, then anonymous stack and heap.
 *
 * @param segments file-backed segments, laid out from the program's load address upwards
 * @param stackBytes anonymous stack below the top of the address space
 */
public record ExecImage(List<Segment> segments, long stackBytes) {
    /** One file-backed segment: {@code pages} pages of {@code file} from page {@code pgoff}, mapped privately. */
    public record Segment(File file, long pgoff, long pages, int prot) {
    }
}
