package org.companyner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.companyner.text.Tags;

/**
 * Negative log-likelihood of a linear-chain CRF (Lafferty et al. 2001) from NDArray ops, so that
 * autograd trains emissions and transitions together. The BIO constraint (no O→I, no start→I) is
 * added as a large negative constant, matching {@link org.companyner.runtime.Crf} at decoding time.
 *
 * <p>Training data may be partially labelled: a position tagged {@link Tags#UNKNOWN} may take any
 * tag, and the likelihood is that of the set of tag paths consistent with the known positions
 * (Tsuboi et al. 2008, "Training CRFs Using Incomplete Annotations"; for NER with distant or
 * incomplete labels: Yang et al. 2018, COLING, "Distantly Supervised NER with Partial Annotation
 * Learning and Reinforcement Learning"; Jie et al. 2019, NAACL, "Better Modeling of Incomplete
 * Annotations for Named Entity Recognition"). Weak labels made by matching a name list tag the
 * matches and leave the rest unknown: forcing the rest to O teaches the model that every unlisted
 * name is not a company (measured in docs/STACK.md: CLUENER dev F1 .723 → .615).
 * A fully labelled sequence is the special case with one consistent path, so gold and partial
 * labels share one implementation.
 */
public final class CrfLoss {
    static final float FORBIDDEN = -10000f;

    private CrfLoss() {
    }

    /**
     * Mean NLL over the batch: {@code nll(emissions, transitions, start, end, tags, null)}.
     *
     * @param emissions   {@code [B, T, K]} scores
     * @param transitions {@code [K, K]}, start {@code [K]}, end {@code [K]}: CRF parameters
     * @param tags        tags per sequence ({@link Tags#UNKNOWN} where unknown), lengths ≥ 1 and ≤ T
     *                    (padding beyond)
     * @return a scalar: Σ_s nll_s / B
     */
    public static NDArray nll(NDArray emissions, NDArray transitions, NDArray start, NDArray end, int[][] tags) {
        return nll(emissions, transitions, start, end, tags, null);
    }

    /**
     * Weighted NLL over the batch, normalised by the batch size: Σ_s w_s · nll_s / B, with nll_s as in
     * {@link #sequenceNll}.
     *
     * <p>Why B and not Σ_s w_s: with all weights 1 it is the plain mean, so learning rates tuned on
     * gold data still hold; each sequence's gradient is scaled by its own weight alone, whatever the
     * other weights in the batch (dividing by Σ w would give a lone confident sentence among doubtful
     * ones the full step, and would cancel the confidence of a batch that is doubtful throughout); and
     * a batch of zero weights gives 0 rather than 0/0.
     *
     * @param emissions   {@code [B, T, K]} scores
     * @param transitions {@code [K, K]}, start {@code [K]}, end {@code [K]}: CRF parameters
     * @param tags        tags per sequence ({@link Tags#UNKNOWN} where unknown), lengths ≥ 1 and ≤ T
     *                    (padding beyond)
     * @param weights     per-sequence weights w_s ≥ 0 (finite), length B; {@code null} means all 1
     * @return a scalar in the emissions' manager
     * @throws IllegalArgumentException on a bad tag, length or weight
     */
    public static NDArray nll(NDArray emissions, NDArray transitions, NDArray start, NDArray end, int[][] tags,
            float[] weights) {
        NDArray perSequence = sequenceNll(emissions, transitions, start, end, tags);
        if (weights == null) {
            return perSequence.mean();
        }
        if (weights.length != tags.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + tags.length + " sequences");
        }
        for (int s = 0; s < weights.length; s++) {
            if (!(weights[s] >= 0) || Float.isInfinite(weights[s])) {
                throw new IllegalArgumentException(
                        "weight " + weights[s] + " of sequence " + s + " is not finite and ≥ 0");
            }
        }
        // an array, not mul(Number): DJL frees a Number operand before backward reads it (STACK.md)
        return perSequence.mul(emissions.getManager().create(weights)).mean();
    }

    /**
     * NLL of each sequence: log Z − log Σ_{paths consistent with the known tags} exp(score), both over
     * paths that obey the BIO constraint. A fully known sequence gives log Z − gold score; a sequence
     * with no known position gives 0; tags that break the BIO constraint (O→I, start at I) give a loss
     * of about −{@link #FORBIDDEN} = 10000.
     *
     * @param emissions   {@code [B, T, K]} scores
     * @param transitions {@code [K, K]}, start {@code [K]}, end {@code [K]}: CRF parameters
     * @param tags        tags per sequence ({@link Tags#UNKNOWN} where unknown), lengths ≥ 1 and ≤ T
     *                    (padding beyond)
     * @return {@code [B]}, unweighted, in the emissions' manager
     * @throws IllegalArgumentException on a bad tag or length
     */
    public static NDArray sequenceNll(NDArray emissions, NDArray transitions, NDArray start, NDArray end,
            int[][] tags) {
        NDManager m = emissions.getManager();
        Shape shape = emissions.getShape();
        int b = tags.length;
        int t = (int) shape.get(1);
        int k = Tags.COUNT;
        if (shape.dimension() != 3 || shape.get(0) != b || shape.get(2) != k) {
            throw new IllegalArgumentException("emissions " + shape + " for " + b + " tag sequences of " + k + " tags");
        }
        // Both forward passes run as one batch of 2B: the first B rows are free (log Z), the last B
        // have FORBIDDEN added to every tag that contradicts a known one: the constrained forward of
        // Tsuboi et al. 2008 and Yang et al. 2018, where every consistent path counts fully (Jie et al.
        // 2019 start from the same sum, then reweight the consistent paths by an estimated q(y|x);
        // the weights here can only approximate that per sequence). exp(FORBIDDEN) is 0 in float, so
        // a fully known sequence keeps a single path and its loss is the gold-path loss up to rounding,
        // and an all-unknown sequence runs the same ops on the same numbers in both halves: 0.
        float[] penalty = new float[2 * b * t * k];
        float[] mask = new float[2 * b * t];
        for (int s = 0; s < b; s++) {
            int[] y = tags[s];
            if (y.length < 1 || y.length > t) {
                throw new IllegalArgumentException(
                        "sequence " + s + " has length " + y.length + ", not in [1, " + t + "]");
            }
            for (int i = 0; i < y.length; i++) {
                if (y[i] != Tags.UNKNOWN && (y[i] < 0 || y[i] >= k)) {
                    throw new IllegalArgumentException("bad tag " + y[i] + " at " + i + " of sequence " + s);
                }
                mask[s * t + i] = 1f;
                mask[(b + s) * t + i] = 1f;
                if (y[i] != Tags.UNKNOWN) {
                    for (int j = 0; j < k; j++) {
                        if (j != y[i]) {
                            penalty[((b + s) * t + i) * k + j] = FORBIDDEN;
                        }
                    }
                }
            }
        }
        // constants first: a result belongs to its first operand's manager, and the parameters'
        // manager lives as long as the model (results attached there would pile up every step)
        NDArray scores = m.create(penalty, new Shape(2, b, t, k)).add(emissions).reshape(2L * b, t, k);
        NDArray logZ = forward(scores, m.create(mask, new Shape(2L * b, t, 1)), transitions, start, end);
        return logZ.get("0:{}", b).sub(logZ.get("{}:", b));
    }

    /**
     * Distillation term: Σ_s Σ_{i < len_s} KL(q_{s,i} ‖ p_{s,i}) / B, where p is this CRF's tag marginal at
     * each position (forward-backward, {@link #logMarginals}) and q the teacher's. Zero exactly when the
     * marginals agree; its gradient pulls the CRF's posteriors (emissions and transitions alike) towards the
     * teacher's — the posterior distillation of structured models (Kim and Rush 2016, "Sequence-Level Knowledge
     * Distillation"; Wang et al. 2020, "Structure-Level Knowledge Distillation for Multilingual Sequence
     * Labeling", whose posterior loss this is). Sequences without a teacher ({@code soft[s] == null}) add 0.
     *
     * @param emissions   {@code [B, T, K]} scores
     * @param transitions {@code [K, K]}, start {@code [K]}, end {@code [K]}: CRF parameters
     * @param lengths     sequence lengths, each in [1, T]
     * @param soft        per sequence the teacher's rows {@code [len_s][K]} (each a distribution), or null
     * @return a scalar in the emissions' manager
     * @throws IllegalArgumentException on a length, a row count or a row that is not a distribution
     */
    public static NDArray distillation(NDArray emissions, NDArray transitions, NDArray start, NDArray end,
            int[] lengths, float[][][] soft) {
        NDManager m = emissions.getManager();
        Shape shape = emissions.getShape();
        int b = lengths.length;
        int t = (int) shape.get(1);
        int k = Tags.COUNT;
        if (shape.dimension() != 3 || shape.get(0) != b || shape.get(2) != k || soft.length != b) {
            throw new IllegalArgumentException("emissions " + shape + " for " + b + " lengths and " + soft.length + " teacher rows");
        }
        float[] q = new float[b * t * k];
        double entropyTerm = 0; // Σ q log q: a constant of the loss, so that KL is 0 at q = p
        for (int s = 0; s < b; s++) {
            if (lengths[s] < 1 || lengths[s] > t) {
                throw new IllegalArgumentException("sequence " + s + " has length " + lengths[s] + ", not in [1, " + t + "]");
            }
            if (soft[s] == null) {
                continue;
            }
            if (soft[s].length != lengths[s]) {
                throw new IllegalArgumentException("sequence " + s + " has " + soft[s].length + " teacher rows for length " + lengths[s]);
            }
            for (int i = 0; i < lengths[s]; i++) {
                float[] row = soft[s][i];
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    if (!(row[j] >= 0) || row[j] > 1) {
                        throw new IllegalArgumentException("teacher row " + i + " of sequence " + s + " is not a distribution");
                    }
                    sum += row[j];
                }
                if (Math.abs(sum - 1) > 1e-2) {
                    throw new IllegalArgumentException("teacher row " + i + " of sequence " + s + " sums to " + sum);
                }
                for (int j = 0; j < k; j++) {
                    q[(s * t + i) * k + j] = row[j];
                    if (row[j] > 0) {
                        entropyTerm += row[j] * Math.log(row[j]);
                    }
                }
            }
        }
        NDArray logP = logMarginals(emissions, transitions, start, end, lengths);
        NDArray crossEntropy = m.create(q, new Shape(b, t, k)).mul(logP).sum().neg();
        return crossEntropy.add(m.create((float) entropyTerm)).div(m.create((float) b));
    }

    /**
     * log of each position's tag marginal under the BIO-constrained CRF, by the forward-backward algorithm in
     * log space ({@code alpha_i + beta_i − log Z}); differentiable, so a loss on marginals trains the CRF.
     * Positions at or beyond a sequence's length hold meaningless values.
     *
     * @param lengths sequence lengths, each in [1, T]
     * @return {@code [B, T, K]}
     */
    public static NDArray logMarginals(NDArray emissions, NDArray transitions, NDArray start, NDArray end,
            int[] lengths) {
        NDManager m = emissions.getManager();
        int b = lengths.length;
        int t = (int) emissions.getShape().get(1);
        int k = Tags.COUNT;
        float[] maskValues = new float[b * t];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < lengths[s]; i++) {
                maskValues[s * t + i] = 1f;
            }
        }
        NDArray mask = m.create(maskValues, new Shape(b, t, 1));
        NDArray scores = m.zeros(new Shape(b, t, k)).add(emissions); // constants first (see sequenceNll)
        NDArray trans = m.create(constraint(), new Shape(k, k)).add(transitions);
        NDArray first = m.create(startConstraint()).add(start);
        NDArray one = m.create(1f);
        NDArray transB = trans.expandDims(0); // [1, K(from), K(to)]
        NDArray[] alphas = new NDArray[t];
        alphas[0] = scores.get(":, 0, :").add(first);
        for (int i = 1; i < t; i++) {
            NDArray next = logSumExp(alphas[i - 1].expandDims(2).add(transB), 1).add(scores.get(":, {}, :", i));
            NDArray mi = mask.get(":, {}, :", i);
            alphas[i] = next.mul(mi).add(alphas[i - 1].mul(one.sub(mi)));
        }
        NDArray logZ = logSumExp(alphas[t - 1].add(end), 1); // [B]
        NDArray endB = m.zeros(new Shape(b, k)).add(end);
        NDArray[] betas = new NDArray[t];
        betas[t - 1] = endB;
        for (int i = t - 2; i >= 0; i--) {
            // beta_i(y) = log Σ_y' exp(trans[y, y'] + score_{i+1}(y') + beta_{i+1}(y')), or end(y) where i is last
            NDArray ahead = scores.get(":, {}, :", i + 1).add(betas[i + 1]).expandDims(1); // [B, 1, K(to)]
            NDArray next = logSumExp(ahead.add(transB), 2);
            NDArray mi = mask.get(":, {}, :", i + 1);
            betas[i] = next.mul(mi).add(endB.mul(one.sub(mi)));
        }
        NDArray alpha = NDArrays.stack(new NDList(alphas), 1);
        NDArray beta = NDArrays.stack(new NDList(betas), 1);
        return alpha.add(beta).sub(logZ.reshape(b, 1, 1));
    }

    /**
     * log Σ exp(score) over BIO-allowed paths of each row of {@code scores [N, T, K]}, each row ending
     * where {@code mask [N, T, 1]} (1 inside, 0 in padding) ends: a T-step log-sum-exp loop that keeps
     * alpha unchanged in padding.
     */
    private static NDArray forward(NDArray scores, NDArray mask, NDArray transitions, NDArray start, NDArray end) {
        NDManager m = scores.getManager();
        int k = Tags.COUNT;
        int t = (int) scores.getShape().get(1);
        NDArray trans = m.create(constraint(), new Shape(k, k)).add(transitions);
        NDArray first = m.create(startConstraint()).add(start);
        NDArray alpha = scores.get(":, 0, :").add(first); // [N, K]
        NDArray transB = trans.expandDims(0);            // [1, K, K]
        NDArray one = m.create(1f);
        for (int i = 1; i < t; i++) {
            NDArray step = alpha.expandDims(2).add(transB);  // [N, K(from), K(to)]
            NDArray next = logSumExp(step, 1).add(scores.get(":, {}, :", i));
            NDArray mi = mask.get(":, {}, :", i);            // [N, 1]
            alpha = next.mul(mi).add(alpha.mul(one.sub(mi)));
        }
        return logSumExp(alpha.add(end), 1);
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
