package org.companyner.pretrain;

import org.companyner.vocab.CharVocab;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Input corruption for masked-language-model objectives, in plain Java: choose positions to mask,
 * replace them ({@link CharVocab#MASK}, or BERT's 80/10/10 rule), and for ELECTRA replace them with
 * characters sampled from the generator's distribution. Deterministic for a given {@link Random}.
 */
final class Corruption {
    /** BERT (Devlin et al. 2019, §3.1): of the chosen positions 80 % become [MASK], 10 % a random character, 10 % stay. */
    static final double MASK_SHARE = 0.8;
    static final double RANDOM_SHARE = 0.1;

    private Corruption() {
    }

    /**
     * The masked positions of a padded batch.
     *
     * @param flat      positions as {@code b * width + t}, in increasing order
     * @param original  the original id at each masked position
     * @param input     the corrupted batch the encoder reads, {@code [b * width]}, padding {@link CharVocab#PAD}
     */
    record Masked(int[] flat, int[] original, int[] input) {
    }

    /** Masks {@code rate} of each sequence's characters (at least one), chosen uniformly, all set to {@link CharVocab#MASK}. */
    static Masked mask(int[][] batch, int width, double rate, Random random) {
        return mask(batch, width, rate, -1, 0, random);
    }

    /**
     * BERT's masking: {@code rate} of each sequence's positions other than {@link CharVocab#SEP} (at
     * least one), chosen uniformly; each chosen position becomes [MASK] with probability
     * {@value #MASK_SHARE}, a character drawn uniformly from the vocabulary's non-special ids with
     * probability {@value #RANDOM_SHARE}, and otherwise keeps its character. The model must restore
     * all chosen positions, so it cannot trust an unmasked character either.
     */
    static Masked maskBert(int[][] batch, int width, double rate, int vocabSize, Random random) {
        return mask(batch, width, rate, CharVocab.SEP, vocabSize, random);
    }

    /** {@code vocabSize} 0: every chosen position becomes [MASK]; {@code keep}: an id never chosen (-1: none). */
    private static Masked mask(int[][] batch, int width, double rate, int keep, int vocabSize, Random random) {
        int[][] eligible = new int[batch.length][];
        int total = 0;
        int[] counts = new int[batch.length];
        for (int b = 0; b < batch.length; b++) {
            int[] seq = batch[b];
            eligible[b] = IntStream.range(0, seq.length).filter(t -> seq[t] != keep).toArray();
            counts[b] = Math.min(eligible[b].length, Math.max(1, (int) Math.round(eligible[b].length * rate)));
            total += counts[b];
        }
        int[] flat = new int[total];
        int[] original = new int[total];
        int[] input = new int[batch.length * width];
        int firstNormal = CharVocab.SPECIALS.size();
        int k = 0;
        for (int b = 0; b < batch.length; b++) {
            int[] seq = batch[b];
            System.arraycopy(seq, 0, input, b * width, seq.length);
            boolean[] chosen = new boolean[seq.length];
            for (int i : choose(eligible[b].length, counts[b], random)) {
                chosen[eligible[b][i]] = true;
            }
            for (int t = 0; t < seq.length; t++) {
                if (chosen[t]) {
                    flat[k] = b * width + t;
                    original[k] = seq[t];
                    int replacement = CharVocab.MASK;
                    if (vocabSize > firstNormal) {
                        double u = random.nextDouble();
                        if (u >= MASK_SHARE + RANDOM_SHARE) {
                            replacement = seq[t];
                        } else if (u >= MASK_SHARE) {
                            replacement = firstNormal + random.nextInt(vocabSize - firstNormal);
                        }
                    }
                    input[b * width + t] = replacement;
                    k++;
                }
            }
        }
        return new Masked(flat, original, input);
    }

    /** {@code count} distinct indices out of {@code n} (partial Fisher–Yates), in the order drawn. */
    private static int[] choose(int n, int count, Random random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return Arrays.copyOf(idx, count);
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
