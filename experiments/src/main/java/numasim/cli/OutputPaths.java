package numasim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import numasim.topology.ConfigException;

/**
 * Output folders are checked, and made, before any simulation runs: a path that cannot be a folder
 * (an empty name, an existing file, a file on the way, no permission, /proc) is one line naming the
 * option, exit 2, instead of a stack trace after the work is done and its output lost.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Makes {@code dir} (and its parents) or says why it cannot be made. */
    static Path directory(String option, Path dir) {
        if (dir.toString().isBlank()) {
            throw new ConfigException(option, "an empty path: name a folder (. for the current one)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(option, dir + " exists and is not a directory");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new ConfigException(option, dir + ": " + p + " is a file, not a directory");
            }
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".numasim-", ".probe");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new ConfigException(option, dir + ": permission denied");
        } catch (FileSystemException e) {
            throw new ConfigException(option, dir + ": cannot be written" + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigException(option, dir + ": cannot be written (" + e.getMessage() + ")");
        }
        return dir;
    }
}
