package org.companyner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.companyner.text.Tags;

/**
 * Negative log-likelihood of a linear-chain CRF (Lafferty et al. 2001) from NDArray ops, so that
 * autograd trains emissions and transitions together. The BIO constraint (no O→I, no start→I) is
 * added as a large negative constant, matching {@link org.companyner.runtime.Crf} at decoding time.
 */
public final class CrfLoss {
    static final float FORBIDDEN = -10000f;

    private CrfLoss() {
    }

    /**
     * Mean NLL over the batch.
     *
     * @param emissions   {@code [B, T, K]} scores
     * @param transitions {@code [K, K]}, start {@code [K]}, end {@code [K]}: CRF parameters
     * @param tags        gold tags per sequence, lengths ≥ 1 and ≤ T (padding beyond)
     */
    public static NDArray nll(NDArray emissions, NDArray transitions, NDArray start, NDArray end, int[][] tags) {
        NDManager m = emissions.getManager();
        int b = tags.length;
        int t = (int) emissions.getShape().get(1);
        int k = Tags.COUNT;
        float[] oneHot = new float[b * t * k];
        float[] pairCounts = new float[b * k * k];
        float[] firstHot = new float[b * k];
        float[] lastHot = new float[b * k];
        float[] mask = new float[b * t];
        for (int s = 0; s < b; s++) {
            int[] y = tags[s];
            for (int i = 0; i < y.length; i++) {
                oneHot[(s * t + i) * k + y[i]] = 1f;
                mask[s * t + i] = 1f;
                if (i > 0) {
                    pairCounts[(s * k + y[i - 1]) * k + y[i]] += 1f;
                }
            }
            firstHot[s * k + y[0]] = 1f;
            lastHot[s * k + y[y.length - 1]] = 1f;
        }
        // constants first: a result belongs to its first operand's manager, and the parameters'
        // manager lives as long as the model (results attached there would pile up every step)
        NDArray trans = m.create(constraint(), new Shape(k, k)).add(transitions);
        NDArray first = m.create(startConstraint()).add(start);
        NDArray gold = emissions.mul(m.create(oneHot, new Shape(b, t, k))).sum(new int[]{1, 2})
                .add(m.create(pairCounts, new Shape(b, k, k)).mul(trans).sum(new int[]{1, 2}))
                .add(m.create(firstHot, new Shape(b, k)).mul(first).sum(new int[]{1}))
                .add(m.create(lastHot, new Shape(b, k)).mul(end).sum(new int[]{1}));

        NDArray maskArr = m.create(mask, new Shape(b, t, 1));
        NDArray alpha = emissions.get(":, 0, :").add(first); // [B, K]
        NDArray transB = trans.expandDims(0);                // [1, K, K]
        for (int i = 1; i < t; i++) {
            NDArray scores = alpha.expandDims(2).add(transB);  // [B, K(from), K(to)]
            NDArray next = logSumExp(scores, 1).add(emissions.get(":, {}, :", i));
            NDArray mi = maskArr.get(":, {}, :", i);            // [B, 1]
            alpha = next.mul(mi).add(alpha.mul(m.create(1f).sub(mi)));
        }
        NDArray logZ = logSumExp(alpha.add(end), 1);
        return logZ.sub(gold).mean();
    }

    /** Placeholder until partial labels land: ignores weights that are all 1 (the only case used so far). */
    public static NDArray nll(NDArray emissions, NDArray transitions, NDArray start, NDArray end, int[][] tags,
                              float[] weights) {
        for (float w : weights) {
            if (w != 1f) {
                throw new UnsupportedOperationException("weights other than 1");
            }
        }
        return nll(emissions, transitions, start, end, tags);
    }

    /** log Σ exp along {@code axis}, stabilised by the maximum. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[]{axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[]{axis}).log().add(max.squeeze(axis));
    }

    static float[] constraint() {
        float[] c = new float[Tags.COUNT * Tags.COUNT];
        c[Tags.O * Tags.COUNT + Tags.I] = FORBIDDEN;
        return c;
    }

    static float[] startConstraint() {
        float[] c = new float[Tags.COUNT];
        c[Tags.I] = FORBIDDEN;
        return c;
    }
}
