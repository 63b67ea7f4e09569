package org.companyner.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.Document;

/**
 * Reads NER data sets into {@link Document}s whose entities are the mentions with a label chosen by a
 * {@link LabelMap}, typed {@link org.companyner.text.Entity#COMPANY}, scored 1.0 (JSONL keeps its
 * scores, and is the only format with unknown ranges and marginals), with code point offsets, sorted by start. Overlapping mentions keep the earliest (longest
 * on ties); duplicates are dropped. Input must be UTF-8 (a byte order mark is skipped); every problem
 * is a {@link UserError} naming the file and line, and no record is ever skipped silently.
 */
public final class DataReader {
    private DataReader() {
    }

    /**
     * Reads {@code file} in {@code format}.
     *
     * @throws UserError if the file is missing, unreadable, not UTF-8 or malformed
     */
    public static List<Document> read(Path file, Format format, LabelMap labels) {
        if (Files.isDirectory(file)) {
            throw new UserError("not a file: " + file + " is a directory");
        }
        if (!Files.exists(file)) {
            throw new UserError("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), format, labels);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file, e);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code in} (for example standard input) in {@code format}; {@code name} stands for it in
     * error messages. The stream is not closed.
     *
     * @throws UserError if the input is unreadable, not UTF-8 or malformed
     */
    public static List<Document> read(InputStream in, String name, Format format, LabelMap labels) {
        Reader reader = new Utf8Input(in, name);
        LabelUse use = new LabelUse(labels);
        try {
            List<Document> docs = switch (format) {
                case CLUENER, JSONL -> JsonReaders.lines(reader, name, format, use);
                case CFSC -> JsonReaders.cfsc(reader, name, use);
                case BIO, BIOES, BMES -> TagReader.read(new LineReader(reader), name, use);
                case YEDDA -> Yedda.read(new LineReader(reader), name, use);
            };
            if (use.missed()) {
                throw new UserError("label " + labels.names() + " does not occur in " + name
                        + "; its labels are: " + use.seen());
            }
            return docs;
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
