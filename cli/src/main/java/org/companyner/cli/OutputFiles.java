package org.companyner.cli;

import org.companyner.UserError;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on files a command will write, made before any work so that a typo does not cost a whole run. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Fails with a one-line message naming {@code option} when {@code file} cannot be created where it is. */
    static void checkWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + file + " is a directory; give a file name");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(option + " " + file + ": directory " + dir + " does not exist");
        }
    }
}
