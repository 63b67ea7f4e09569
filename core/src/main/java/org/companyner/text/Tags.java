package org.companyner.text;

import java.util.ArrayList;
import java.util.List;

/** The BIO tag scheme of the model, over code point positions. */
public final class Tags {
    public static final int O = 0;
    public static final int B = 1;
    public static final int I = 2;
    public static final int COUNT = 3;
    /**
     * Not a tag: marks a position whose tag is unknown in partially labelled training data (the
     * partial-label CRF loss sums over every tag there). Never produced by {@link #encode}.
     */
    public static final int UNKNOWN = -1;

    private Tags() {
    }

    /**
     * BIO tags for a text of {@code length} code points: {@link #B} at each entity's start,
     * {@link #I} on the rest of it, {@link #O} elsewhere.
     *
     * @throws IllegalArgumentException if an entity lies outside {@code [0, length)} or two overlap
     */
    public static int[] encode(int length, List<Entity> entities) {
        int[] tags = new int[length];
        for (Entity e : entities) {
            if (e.end() > length) {
                throw new IllegalArgumentException(
                        "entity [" + e.start() + ", " + e.end() + ") beyond length " + length);
            }
            for (int i = e.start(); i < e.end(); i++) {
                if (tags[i] != O) {
                    throw new IllegalArgumentException("overlapping entity [" + e.start() + ", " + e.end() + ")");
                }
                tags[i] = i == e.start() ? B : I;
            }
        }
        return tags;
    }

    /**
     * The spans {@code [start, end)} encoded by BIO tags, in order. {@link #B} always starts a new
     * span; an {@link #I} after {@link #O} (or at position 0) also starts one (lenient repair).
     *
     * @throws IllegalArgumentException on a value that is not a tag
     */
    public static List<int[]> spans(int[] tags) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= tags.length; i++) {
            int t = i < tags.length ? tags[i] : O;
            if (t < 0 || t >= COUNT) {
                throw new IllegalArgumentException("bad tag " + t + " at " + i);
            }
            if (start >= 0 && t != I) {
                out.add(new int[] {start, i});
                start = -1;
            }
            if (t == B || (t == I && start < 0)) {
                start = i;
            }
        }
        return out;
    }
}
