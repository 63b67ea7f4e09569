package org.companyner.io;

import org.companyner.UserError;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File checksums and all-or-nothing writes: a reader (a server loading a model, a resumed run) sees
 * either the old file or the complete new one, never a half-written one.
 */
public final class AtomicFiles {
    /** Suffix of the temporary sibling a file is written to before it replaces the target. */
    public static final String TMP = ".tmp";

    /** Writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * SHA-256 of a file's bytes, as 64 lower-case hex digits.
     *
     * @throws UserError naming the file when it cannot be read
     */
    public static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces {@code target} by {@code tmp} in one step where the file system allows it. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Writes {@code target} through a temporary sibling ({@code target + ".tmp"}) that replaces it only
     * once {@code content} has written everything; when {@code content} fails, the temporary file is
     * removed and {@code target} is left as it was.
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(out);
            }
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
