package org.companyner.pretrain;

import org.companyner.vocab.CharVocab;

import java.util.Random;

/**
 * ELECTRA's input corruption, in plain Java: choose positions to mask, then replace them with
 * characters sampled from the generator's distribution. Deterministic for a given {@link Random}.
 */
final class Corruption {
    private Corruption() {
    }

    /**
     * The masked positions of a padded batch.
     *
     * @param flat      positions as {@code b * width + t}, in increasing order
     * @param original  the original id at each masked position
     * @param generatorInput the batch with those positions set to {@link CharVocab#MASK}, {@code [b * width]}
     */
    record Masked(int[] flat, int[] original, int[] generatorInput) {
    }

    /** Masks {@code rate} of each sequence's characters (at least one), chosen uniformly. */
    static Masked mask(int[][] batch, int width, double rate, Random random) {
        int total = 0;
        int[] counts = new int[batch.length];
        for (int b = 0; b < batch.length; b++) {
            counts[b] = Math.max(1, (int) Math.round(batch[b].length * rate));
            total += counts[b];
        }
        int[] flat = new int[total];
        int[] original = new int[total];
        int[] input = new int[batch.length * width];
        int k = 0;
        for (int b = 0; b < batch.length; b++) {
            int[] seq = batch[b];
            System.arraycopy(seq, 0, input, b * width, seq.length);
            boolean[] chosen = choose(seq.length, counts[b], random);
            for (int t = 0; t < seq.length; t++) {
                if (chosen[t]) {
                    flat[k] = b * width + t;
                    original[k] = seq[t];
                    input[b * width + t] = CharVocab.MASK;
                    k++;
                }
            }
        }
        return new Masked(flat, original, input);
    }

    /** {@code count} distinct positions out of {@code n} (partial Fisher–Yates). */
    private static boolean[] choose(int n, int count, Random random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        boolean[] chosen = new boolean[n];
        for (int i = 0; i < Math.min(count, n); i++) {
            int j = i + random.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
            chosen[idx[i]] = true;
        }
        return chosen;
    }

    /** Draws one id from each row of {@code logits} ({@code rows × vocab}), by softmax at temperature 1. */
    static int[] sample(float[] logits, int rows, int vocab, Random random) {
        int[] out = new int[rows];
        double[] p = new double[vocab];
        for (int r = 0; r < rows; r++) {
            int off = r * vocab;
            float max = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) {
                max = Math.max(max, logits[off + v]);
            }
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                p[v] = Math.exp(logits[off + v] - max);
                sum += p[v];
            }
            double u = random.nextDouble() * sum;
            int pick = vocab - 1;
            for (int v = 0; v < vocab; v++) {
                u -= p[v];
                if (u <= 0) {
                    pick = v;
                    break;
                }
            }
            out[r] = pick;
        }
        return out;
    }

    /** The index of the largest value of each row. */
    static int[] argmax(float[] logits, int rows, int vocab) {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int v = 1; v < vocab; v++) {
                if (logits[r * vocab + v] > logits[r * vocab + best]) {
                    best = v;
                }
            }
            out[r] = best;
        }
        return out;
    }
}
