package org.companyner.text;

/**
 * One mention: {@code [start, end)} in Unicode code points of the caller's original text,
 * {@code text} equal to that exact substring (original characters, never normalised).
 */
public record Entity(int start, int end, String text, String type, double score) {
    public static final String COMPANY = "COMPANY";

    public Entity {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        if (text.codePointCount(0, text.length()) != end - start) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") does not match text '" + text + "'");
        }
    }

    /** The entity covering code points {@code [start, end)} of {@code original}. */
    public static Entity of(String original, int start, int end, String type, double score) {
        return new Entity(start, end, CodePoints.substring(original, start, end), type, score);
    }
}
