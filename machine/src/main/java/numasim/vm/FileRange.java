package numasim.vm;

/** What a file mapping maps: {@code len} bytes of {@code file} from page {@code pgoff} (file null: anonymous memory). */
public record FileRange(File file, long pgoff, long len) {
}
