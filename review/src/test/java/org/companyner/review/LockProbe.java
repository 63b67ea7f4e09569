package org.companyner.review;

import java.nio.file.Path;
import org.companyner.UserError;

/** A second process that tries to open a queue for review: exit 0 if it could, 3 (message on stderr) if refused. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) {
        try (ReviewSession s = ReviewSession.open(QueueFile.read(Path.of(args[0])))) {
            System.exit(0);
        } catch (UserError e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
