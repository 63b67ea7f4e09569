package org.companyner.text;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.companyner.link.Link;

/**
 * One mention: {@code [start, end)} in Unicode code points of the caller's original text,
 * {@code text} equal to that exact substring (original characters, never normalised), and the
 * company it names ({@code link}, null when unlinked: unknown or ambiguous; JSON leaves it out then).
 */
public record Entity(int start, int end, String text, String type, double score,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Link link) {
    public static final String COMPANY = "COMPANY";

    public Entity {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        if (text.codePointCount(0, text.length()) != end - start) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") does not match text '" + text + "'");
        }
    }

    /** An unlinked mention. */
    public Entity(int start, int end, String text, String type, double score) {
        this(start, end, text, type, score, null);
    }

    /** The entity covering code points {@code [start, end)} of {@code original}. */
    public static Entity of(String original, int start, int end, String type, double score) {
        return new Entity(start, end, CodePoints.substring(original, start, end), type, score);
    }

    /** This mention linked to {@code l} (null: unlinked). */
    public Entity withLink(Link l) {
        return new Entity(start, end, text, type, score, l);
    }
}
