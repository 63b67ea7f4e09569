package org.companyner.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An article or sentence with its company mentions, sorted by start offset, and what else a
 * training example may say about its labels:
 * <ul>
 * <li>{@code entities}: the mentions; each {@link Entity#score()} is the annotator's (or a teacher
 * model's) confidence in it, 1.0 for gold data.</li>
 * <li>{@code unknown}: positions whose tag nobody knows (partial annotation), as sorted, disjoint
 * code point {@link Range}s inside the text; ranges that touch are merged, so that one set of
 * positions has one representation. A mention inside an unknown range stays known: its own tags win
 * (see {@link Tags#encode(int, List, List)}). Empty for fully labelled data.</li>
 * <li>{@code marginals}: nullable; a teacher's tag distribution per code point, {@code [length][3]}
 * over {@link Tags#O}, {@link Tags#B}, {@link Tags#I}, values in [0, 1], each row summing to 1 within
 * {@link #MARGINAL_TOLERANCE}.</li>
 * </ul>
 * Value semantics: {@link #equals}, {@link #hashCode} and {@link #toString} compare and show the
 * marginals by content; the marginals are copied in and {@link #marginals()} returns a copy, so a
 * document cannot be changed after it is built. Offsets count Unicode code points, never UTF-16 units.
 */
public record Document(String text, List<Entity> entities, List<Range> unknown, float[][] marginals) {
    /** How far a row of marginals may sum from 1. */
    public static final double MARGINAL_TOLERANCE = 1e-3;

    /**
     * @throws IllegalArgumentException if an unknown range lies outside the text or overlaps another,
     *     the ranges are not sorted, or the marginals do not have one valid row per code point
     */
    public Document {
        Objects.requireNonNull(text, "text");
        entities = List.copyOf(entities);
        int length = CodePoints.length(text);
        unknown = canonical(Objects.requireNonNull(unknown, "unknown"), length);
        marginals = marginals == null ? null : checkedCopy(marginals, length);
    }

    public Document(String text, List<Entity> entities) {
        this(text, entities, List.of(), null);
    }

    public Document(String text) {
        this(text, List.of());
    }

    /** A copy of the teacher's tag distribution per code point, or null if there is none. */
    @Override
    public float[][] marginals() {
        return marginals == null ? null : copy(marginals);
    }

    /** Whether the document carries a teacher's tag distribution. */
    public boolean hasMarginals() {
        return marginals != null;
    }

    /** The teacher's probability of {@code tag} at code point {@code position}; the document must have marginals. */
    public float marginal(int position, int tag) {
        if (marginals == null) {
            throw new IllegalStateException("document has no marginals");
        }
        return marginals[position][tag];
    }

    /** The same document with these unknown ranges instead of its own. */
    public Document withUnknown(List<Range> ranges) {
        return new Document(text, entities, ranges, marginals);
    }

    /** The same document with these marginals (nullable) instead of its own. */
    public Document withMarginals(float[][] rows) {
        return new Document(text, entities, unknown, rows);
    }

    /** The tags of this document per code point, {@link Tags#UNKNOWN} on unknown positions outside mentions. */
    public int[] tags() {
        return Tags.encode(CodePoints.length(text), entities, unknown);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Document d && text.equals(d.text) && entities.equals(d.entities)
                && unknown.equals(d.unknown) && Arrays.deepEquals(marginals, d.marginals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, entities, unknown, Arrays.deepHashCode(marginals));
    }

    @Override
    public String toString() {
        return "Document[text=" + text + ", entities=" + entities + ", unknown=" + unknown
                + ", marginals=" + Arrays.deepToString(marginals) + "]";
    }

    /** The ranges sorted as given, touching ones merged; rejects unsorted, overlapping and outside ones. */
    private static List<Range> canonical(List<Range> ranges, int length) {
        List<Range> out = new ArrayList<>(ranges.size());
        Range last = null;
        for (Range r : ranges) {
            Objects.requireNonNull(r, "unknown range");
            if (r.end() > length) {
                throw new IllegalArgumentException("unknown range " + r + " is outside the text (" + length + " code points)");
            }
            if (last != null && r.start() < last.end()) {
                throw new IllegalArgumentException("unknown ranges must be sorted and must not overlap: "
                        + r + " after " + last);
            }
            if (last != null && r.start() == last.end()) {
                last = new Range(last.start(), r.end());
                out.set(out.size() - 1, last);
            } else {
                last = r;
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private static float[][] checkedCopy(float[][] rows, int length) {
        if (rows.length != length) {
            throw new IllegalArgumentException("marginals have " + rows.length + " rows, the text has " + length + " code points");
        }
        float[][] out = new float[length][];
        for (int i = 0; i < length; i++) {
            float[] row = rows[i];
            if (row == null || row.length != Tags.COUNT) {
                throw new IllegalArgumentException("marginals row " + i + " has " + (row == null ? "no" : row.length)
                        + " values, expected " + Tags.COUNT + " (O, B, I)");
            }
            double sum = 0;
            out[i] = new float[Tags.COUNT];
            for (int t = 0; t < Tags.COUNT; t++) {
                float p = row[t];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("marginals row " + i + " holds " + p + ", not a probability in [0, 1]");
                }
                out[i][t] = p + 0.0f; // -0.0 becomes 0.0, so equal rows have equal bits
                sum += p;
            }
            if (Math.abs(sum - 1) > MARGINAL_TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "marginals row %d sums to %.6f, not 1 (within %s)", i, sum, MARGINAL_TOLERANCE));
            }
        }
        return out;
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
