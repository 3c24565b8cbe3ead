package numasim.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a command writes when no --out or output is given: runs/<time>-<what>. */
final class RunFolders {
    private RunFolders() {
    }

    /** The same, made (and so checked) before any work: one line naming {@code option} if it cannot be a folder. */
    static Path checked(String option, Path chosen, String what) {
        return OutputPaths.directory(option, orDefault(chosen, what));
    }

    static Path orDefault(Path chosen, String what) {
        return chosen != null ? chosen : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + what);
    }
}
