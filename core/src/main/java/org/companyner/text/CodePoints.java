package org.companyner.text;

/** Conversions between Java strings (UTF-16) and code point offsets. */
public final class CodePoints {
    private CodePoints() {
    }

    public static int[] of(String s) {
        return s.codePoints().toArray();
    }

    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Substring by code point offsets {@code [start, end)}. */
    public static String substring(String s, int start, int end) {
        int from = s.offsetByCodePoints(0, start);
        int to = s.offsetByCodePoints(from, end - start);
        return s.substring(from, to);
    }
}
