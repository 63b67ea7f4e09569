package org.companyner.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.companyner.UserError;

/** The NER data formats {@link DataReader} and {@link DataWriter} understand. */
public enum Format {
    /** CLUENER 2020 JSON lines: {@code {"text", "label": {type: {surface: [[start, endInclusive]]}}}}. */
    CLUENER,
    /** CFSC-NER: one JSON array of {@code {"text", "labels": [{"text", "Level 1 Aspect", "from", "to"}]}}. */
    CFSC,
    /** One character and tag per line, B-/I-/O, blank line between sentences. */
    BIO,
    /** Like {@link #BIO} with B-/I-/E-/S-/O tags. */
    BIOES,
    /** Like {@link #BIO} with B-/M-/E-/S-/O tags. */
    BMES,
    /** YEDDA inline markup, one document per line: {@code text [@surface#Label*] text}. */
    YEDDA,
    /**
     * This project's JSON lines: {@code {"text", "entities": [{"start", "end", "text", "type", "score"}],
     * "unknown": [[start, end], ...], "marginals": "<base64>"}}, offsets in code points, end exclusive;
     * {@code "unknown"} and {@code "marginals"} are optional (see {@link Marginals} for the encoding).
     * The only format that keeps entity scores, unknown ranges and marginals.
     */
    JSONL;

    /**
     * The format called {@code name}, case-insensitively.
     *
     * @throws UserError for an unknown name
     */
    public static Format parse(String name) {
        String key = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.name().equals(key)) {
                return f;
            }
        }
        throw new UserError("unknown format '" + name + "' (known: "
                + Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", ")) + ")");
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
