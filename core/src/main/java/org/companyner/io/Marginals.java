package org.companyner.io;

import java.util.Base64;
import org.companyner.text.Tags;

/**
 * The compact JSONL form of a teacher's tag distribution: standard base64 (RFC 4648, padded) of
 * one unsigned byte per code point per tag, row-major ({@code O, B, I} of position 0, then of
 * position 1, ...), the byte being {@code q = p·255}.
 *
 * <p>Quantisation: each row is rounded to bytes that sum to exactly 255 (round every value to the
 * nearest step; if the row then misses 255, move the one value with the largest rounding remainder
 * in the needed direction by one step, lowest tag first on ties). An unmoved value is within
 * 1/510 of p; a moved one within 0.76/255 (&lt; 1/335), since a row of probabilities summing to 1 within
 * 10<sup>-3</sup> misses 255 by at most one step. On read a row is divided by its own sum (255 for
 * rows this class writes), so rows sum to 1 again; rows written by other tools that round each value
 * on its own may sum to 252..258 and are renormalised the same way, anything further off is an error.
 * Because written rows sum to 255 and {@code round(q/255·255) = q}, writing what was read gives
 * back the same bytes.
 */
public final class Marginals {
    static final int STEPS = 255;
    /** Independently rounded rows of 3 values miss 255 by at most 1.5 steps plus the 10^-3 tolerance. */
    private static final int SLACK = 3;

    private Marginals() {
    }

    /**
     * The base64 form of {@code rows} ({@code [length][3]}, validated by {@link org.companyner.text.Document});
     * public for writers outside this package (the Spark {@code bulk} job) that must write what JSONL reads.
     */
    public static String encode(float[][] rows) {
        byte[] bytes = new byte[rows.length * Tags.COUNT];
        for (int i = 0; i < rows.length; i++) {
            int[] q = quantize(rows[i]);
            for (int t = 0; t < Tags.COUNT; t++) {
                bytes[i * Tags.COUNT + t] = (byte) q[t];
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** One row as steps of 1/255 summing to exactly 255. */
    static int[] quantize(float[] row) {
        int[] q = new int[row.length];
        double[] remainder = new double[row.length];
        int sum = 0;
        for (int t = 0; t < row.length; t++) {
            double x = row[t] * (double) STEPS;
            q[t] = (int) Math.max(0, Math.min(STEPS, Math.round(x)));
            remainder[t] = x - q[t];
            sum += q[t];
        }
        while (sum != STEPS) {
            int dir = sum < STEPS ? 1 : -1;
            int best = -1;
            for (int t = 0; t < row.length; t++) {
                boolean movable = dir > 0 ? q[t] < STEPS : q[t] > 0;
                if (movable && (best < 0 || remainder[t] * dir > remainder[best] * dir)) {
                    best = t;
                }
            }
            q[best] += dir;
            remainder[best] -= dir;
            sum += dir;
        }
        return q;
    }

    /**
     * The rows for a text of {@code length} code points from their base64 form.
     *
     * @throws org.companyner.UserError (at {@code where}) if the value is not base64, has the wrong
     *     length, or a row does not sum to about 255 steps
     */
    static float[][] decode(String base64, int length, Where where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw where.error("\"marginals\" is not base64 (" + e.getMessage() + "); expected "
                    + Tags.COUNT + " bytes per code point, O, B, I, each p·255");
        }
        if (bytes.length != length * Tags.COUNT) {
            throw where.error("\"marginals\" hold " + bytes.length + " bytes, expected " + Tags.COUNT
                    + " per code point of the text (" + length + " code points) = " + length * Tags.COUNT);
        }
        float[][] rows = new float[length][Tags.COUNT];
        for (int i = 0; i < length; i++) {
            int sum = 0;
            for (int t = 0; t < Tags.COUNT; t++) {
                sum += bytes[i * Tags.COUNT + t] & 0xFF;
            }
            if (Math.abs(sum - STEPS) > SLACK) {
                throw where.error("\"marginals\" row at code point " + i + " sums to " + sum + "/255, not 1");
            }
            for (int t = 0; t < Tags.COUNT; t++) {
                rows[i][t] = (bytes[i * Tags.COUNT + t] & 0xFF) / (float) sum;
            }
        }
        return rows;
    }
}
