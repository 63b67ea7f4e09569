package org.companyner.text;

/**
 * A non-empty run of positions {@code [start, end)} in Unicode code points, for example the
 * characters of a sentence whose tags are {@link Tags#UNKNOWN}.
 */
public record Range(int start, int end) {
    public Range {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + "): need 0 <= start < end");
        }
    }

    /** Number of positions, {@code end - start}. */
    public int length() {
        return end - start;
    }

    /** Whether {@code position} lies in {@code [start, end)}. */
    public boolean contains(int position) {
        return position >= start && position < end;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
