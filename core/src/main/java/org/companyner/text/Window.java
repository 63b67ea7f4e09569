package org.companyner.text;

/**
 * One model input: the model reads code points {@code [start, end)} of the article, and its
 * predictions are kept only for {@code [ownStart, ownEnd)}; the rest is context shared with the
 * neighbouring windows. All offsets are code points of the original article.
 */
public record Window(int start, int end, int ownStart, int ownEnd) {
    public Window {
        if (start < 0 || start > ownStart || ownStart > ownEnd || ownEnd > end) {
            throw new IllegalArgumentException(
                    "bad window [" + start + ", " + end + ") own [" + ownStart + ", " + ownEnd + ")");
        }
    }

    /** Number of code points the model reads, {@code end - start}. */
    public int length() {
        return end - start;
    }
}
