package org.companyner.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.companyner.runtime.Crf;
import org.companyner.text.Tags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CrfLoss#nll} against the plain-Java {@link Crf}: the loss is log Z − gold score over allowed
 * paths (CrfLoss uses −10000 for forbidden moves, Crf uses −∞, so they agree to ~1e-3), padding does
 * not change a sequence's loss, and gradients are finite, equal to the CRF marginals minus the gold
 * one-hot, and identical over repeated runs with garbage collections in between (STACK.md: DJL's
 * Number-overload scalar bug corrupts gradients after a GC).
 *
 * <p>Partial labels ({@link Tags#UNKNOWN}) and per-sequence weights are checked against brute-force
 * enumeration of all K^len paths (len ≤ 5) in padded batches: loss, gold-path special case, all-unknown
 * zero, weight normalisation Σ w_s·nll_s / B, and gradients w.r.t. every parameter. The fixtures are
 * checked to tell the right loss from one that forces unknown positions to O.
 */
class CrfLossTest {
    private static final int K = Tags.COUNT;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A random CRF; I-after-O and start-at-I scored high so that ignoring the constraint would show. */
    private static Crf randomCrf(Random r) {
        float[][] trans = new float[K][K];
        for (float[] row : trans) {
            fill(row, r, 2);
        }
        float[] start = new float[K];
        float[] end = new float[K];
        fill(start, r, 2);
        fill(end, r, 2);
        trans[Tags.O][Tags.I] = 3f;
        start[Tags.I] = 3f;
        return new Crf(trans, start, end);
    }

    private static void fill(float[] a, Random r, double scale) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
    }

    private static float[][] emissions(Random r, int len) {
        float[][] e = new float[len][K];
        for (float[] row : e) {
            fill(row, r, 3);
        }
        return e;
    }

    /** A random BIO path that obeys the constraint. */
    private static int[] allowedPath(Random r, int len) {
        int[] p = new int[len];
        for (int t = 0; t < len; t++) {
            int tag = r.nextInt(K);
            if (tag == Tags.I && (t == 0 || p[t - 1] == Tags.O)) {
                tag = Tags.B;
            }
            p[t] = tag;
        }
        return p;
    }

    /** The inputs of one batch as arrays (created in {@code m}); padding positions hold {@code pad}. */
    private record Batch(NDArray emissions, NDArray transitions, NDArray start, NDArray end) {
        static Batch of(NDManager m, Crf crf, List<float[][]> seqs, float pad) {
            int b = seqs.size();
            int t = seqs.stream().mapToInt(s -> s.length).max().orElseThrow();
            float[] flat = new float[b * t * K];
            Arrays.fill(flat, pad);
            for (int s = 0; s < b; s++) {
                for (int i = 0; i < seqs.get(s).length; i++) {
                    System.arraycopy(seqs.get(s)[i], 0, flat, (s * t + i) * K, K);
                }
            }
            float[] trans = new float[K * K];
            for (int i = 0; i < K; i++) {
                System.arraycopy(crf.transitions()[i], 0, trans, i * K, K);
            }
            return new Batch(m.create(flat, new Shape(b, t, K)), m.create(trans, new Shape(K, K)),
                    m.create(crf.start()), m.create(crf.end()));
        }

        NDArray nll(int[][] tags) {
            return CrfLoss.nll(emissions, transitions, start, end, tags);
        }

        NDArray nll(int[][] tags, float[] weights) {
            return CrfLoss.nll(emissions, transitions, start, end, tags, weights);
        }

        float[] sequenceNll(int[][] tags) {
            return CrfLoss.sequenceNll(emissions, transitions, start, end, tags).toFloatArray();
        }
    }

    private static double expectedNll(Crf crf, float[][] e, int[] gold) {
        return crf.logPartition(e) - crf.pathScore(e, gold);
    }

    @Test
    void nllEqualsLogPartitionMinusGoldScoreOfTheJavaCrf() {
        Random r = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            Crf crf = randomCrf(r);
            int len = 1 + r.nextInt(7);
            float[][] e = emissions(r, len);
            int[] gold = allowedPath(r, len);
            try (NDManager m = manager.newSubManager()) {
                float loss = Batch.of(m, crf, List.<float[][]>of(e), 0f).nll(new int[][] {gold}).getFloat();
                assertThat((double) loss).as("trial %d, len %d, gold %s", trial, len, Arrays.toString(gold))
                        .isCloseTo(expectedNll(crf, e, gold), within(1e-3));
            }
        }
    }

    @Test
    void paddedSequencesInOneBatchHaveTheSameLossAsAlone() {
        Random r = new Random(12);
        for (int trial = 0; trial < 10; trial++) {
            Crf crf = randomCrf(r);
            int b = 2 + r.nextInt(4);
            List<float[][]> seqs = new ArrayList<>();
            int[][] tags = new int[b][];
            double sumAlone = 0;
            double sumExpected = 0;
            for (int s = 0; s < b; s++) {
                int len = 1 + r.nextInt(8);
                seqs.add(emissions(r, len));
                tags[s] = allowedPath(r, len);
                try (NDManager m = manager.newSubManager()) {
                    sumAlone += Batch.of(m, crf, List.<float[][]>of(seqs.get(s)), 0f).nll(new int[][] {tags[s]}).getFloat();
                }
                sumExpected += expectedNll(crf, seqs.get(s), tags[s]);
            }
            for (float pad : new float[] {0f, 7.5f, -9f}) {
                try (NDManager m = manager.newSubManager()) {
                    double batchMean = Batch.of(m, crf, seqs, pad).nll(tags).getFloat();
                    assertThat(batchMean).as("trial %d, pad %s", trial, pad).isCloseTo(sumAlone / b, within(1e-4));
                    assertThat(batchMean).isCloseTo(sumExpected / b, within(1e-3));
                }
            }
        }
    }

    /** Gradients of the mean loss w.r.t. emissions, transitions, start and end, one run. */
    private static float[][] gradients(Crf crf, List<float[][]> seqs, int[][] tags) {
        return gradients(crf, seqs, tags, null);
    }

    /** Gradients of the weighted loss w.r.t. emissions, transitions, start and end, one run. */
    private static float[][] gradients(Crf crf, List<float[][]> seqs, int[][] tags, float[] weights) {
        try (NDManager m = manager.newSubManager()) {
            Batch batch = Batch.of(m, crf, seqs, 1f);
            List<NDArray> params = List.of(batch.emissions, batch.transitions, batch.start, batch.end);
            params.forEach(p -> p.setRequiresGradient(true));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = weights == null ? batch.nll(tags) : batch.nll(tags, weights);
                // a collection between forward and backward is when freed temporaries bite
                System.gc();
                gc.backward(loss);
            }
            float[][] out = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                out[i] = params.get(i).getGradient().toFloatArray();
            }
            return out;
        }
    }

    @Test
    void gradientsAreFiniteCorrectAndIdenticalOverRepeatedRunsWithGc() throws InterruptedException {
        Random r = new Random(13);
        Crf crf = randomCrf(r);
        int[] lengths = {5, 2, 7, 1};
        List<float[][]> seqs = new ArrayList<>();
        int[][] tags = new int[lengths.length][];
        for (int s = 0; s < lengths.length; s++) {
            seqs.add(emissions(r, lengths[s]));
            tags[s] = allowedPath(r, lengths[s]);
        }
        int t = 7;
        float[][] first = gradients(crf, seqs, tags);

        // d(mean NLL)/d emissions[s][i][k] = (marginal p[i][k] − gold one-hot) / B inside a sequence, 0 in padding
        float[] ge = first[0];
        for (int s = 0; s < seqs.size(); s++) {
            double[][] p = crf.marginals(seqs.get(s));
            for (int i = 0; i < t; i++) {
                for (int k = 0; k < K; k++) {
                    double expected = i < lengths[s] ? (p[i][k] - (tags[s][i] == k ? 1 : 0)) / seqs.size() : 0;
                    assertThat((double) ge[(s * t + i) * K + k]).as("dE[%d][%d][%d]", s, i, k)
                            .isCloseTo(expected, within(1e-4));
                }
            }
        }
        for (float[] g : first) {
            for (float v : g) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
        for (int run = 1; run < 6; run++) {
            System.gc();
            Thread.sleep(20);
            float[][] again = gradients(crf, seqs, tags);
            for (int i = 0; i < first.length; i++) {
                assertThat(again[i]).as("run %d, parameter %d", run, i).containsExactly(first[i]);
            }
        }
    }
    // ---- partial labels and weights, against brute-force enumeration of all K^len tag paths ----

    private static final int U = Tags.UNKNOWN;

    /**
     * Sums over every tag path of one sequence, in double, with CrfLoss's conventions (BIO moves
     * scored {@link CrfLoss#FORBIDDEN}, not −∞). Features of a path, flattened: emission one-hots
     * {@code [len][K]}, transition counts {@code [K][K]}, start one-hot {@code [K]}, end one-hot
     * {@code [K]}; the gradient of nll_s is E_all[features] − E_consistent[features].
     */
    private record Enumeration(double logZ, double logConsistent, double[] expectedAll, double[] expectedConsistent) {
        double nll() {
            return logZ - logConsistent;
        }

        static Enumeration of(Crf crf, float[][] e, int[] tags) {
            int len = e.length;
            int paths = (int) Math.pow(K, len);
            int features = len * K + K * K + 2 * K;
            double[] score = new double[paths];
            double[][] f = new double[paths][features];
            boolean[] consistent = new boolean[paths];
            for (int p = 0; p < paths; p++) {
                int[] y = new int[len];
                for (int i = 0, code = p; i < len; i++, code /= K) {
                    y[i] = code % K;
                }
                double sc = crf.start()[y[0]] + (y[0] == Tags.I ? CrfLoss.FORBIDDEN : 0) + crf.end()[y[len - 1]];
                f[p][len * K + K * K + y[0]] = 1;
                f[p][len * K + K * K + K + y[len - 1]] = 1;
                consistent[p] = true;
                for (int i = 0; i < len; i++) {
                    sc += e[i][y[i]];
                    f[p][i * K + y[i]] = 1;
                    if (i > 0) {
                        sc += crf.transitions()[y[i - 1]][y[i]]
                                + (y[i - 1] == Tags.O && y[i] == Tags.I ? CrfLoss.FORBIDDEN : 0);
                        f[p][len * K + y[i - 1] * K + y[i]] += 1;
                    }
                    consistent[p] &= i >= tags.length || tags[i] == U || tags[i] == y[i];
                }
                score[p] = sc;
            }
            double logZ = logSumExp(score, null);
            double logC = logSumExp(score, consistent);
            double[] all = new double[features];
            double[] cons = new double[features];
            for (int p = 0; p < paths; p++) {
                for (int j = 0; j < features; j++) {
                    all[j] += Math.exp(score[p] - logZ) * f[p][j];
                    cons[j] += consistent[p] ? Math.exp(score[p] - logC) * f[p][j] : 0;
                }
            }
            return new Enumeration(logZ, logC, all, cons);
        }

        private static double logSumExp(double[] x, boolean[] keep) {
            double max = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < x.length; p++) {
                if (keep == null || keep[p]) {
                    max = Math.max(max, x[p]);
                }
            }
            double sum = 0;
            for (int p = 0; p < x.length; p++) {
                if (keep == null || keep[p]) {
                    sum += Math.exp(x[p] - max);
                }
            }
            return max + Math.log(sum);
        }
    }

    /** An allowed path with each position hidden ({@link Tags#UNKNOWN}) with probability {@code pHidden}. */
    private static int[] partialTags(Random r, int len, double pHidden) {
        int[] y = allowedPath(r, len);
        for (int i = 0; i < len; i++) {
            if (r.nextDouble() < pHidden) {
                y[i] = U;
            }
        }
        return y;
    }

    private static int[] forcedToO(int[] tags) {
        return Arrays.stream(tags).map(t -> t == U ? Tags.O : t).toArray();
    }

    @Test
    void partialLabelLossEqualsLogZMinusLogSumOverConsistentPathsInPaddedBatches() {
        Random r = new Random(21);
        double maxError = 0;
        double maxForcedOGap = 0;
        for (int trial = 0; trial < 40; trial++) {
            Crf crf = randomCrf(r);
            int b = 1 + r.nextInt(4);
            List<float[][]> seqs = new ArrayList<>();
            int[][] tags = new int[b][];
            for (int s = 0; s < b; s++) {
                int len = 1 + r.nextInt(5);
                seqs.add(emissions(r, len));
                tags[s] = partialTags(r, len, 0.5);
            }
            double sum = 0;
            try (NDManager m = manager.newSubManager()) {
                Batch batch = Batch.of(m, crf, seqs, trial % 2 == 0 ? 0f : 7.5f);
                float[] perSeq = batch.sequenceNll(tags);
                for (int s = 0; s < b; s++) {
                    Enumeration all = Enumeration.of(crf, seqs.get(s), tags[s]);
                    assertThat((double) perSeq[s]).as("trial %d, seq %d, tags %s", trial, s, Arrays.toString(tags[s]))
                            .isCloseTo(all.nll(), within(1e-4));
                    maxError = Math.max(maxError, Math.abs(perSeq[s] - all.nll()));
                    sum += all.nll();
                    double forcedO = Enumeration.of(crf, seqs.get(s), forcedToO(tags[s])).nll();
                    // forcing an unknown before an I to O breaks BIO (loss ~10000): an easy catch; count the rest
                    if (forcedO < 1000) {
                        maxForcedOGap = Math.max(maxForcedOGap, Math.abs(forcedO - all.nll()));
                    }
                }
                assertThat((double) batch.nll(tags).getFloat()).isCloseTo(sum / b, within(1e-4));
            }
        }
        // the fixtures tell the right loss from one that forces unknown positions to O
        assertThat(maxForcedOGap).isGreaterThan(1.0);
    }

    @Test
    void allKnownTagsGiveTheGoldPathLoss() {
        Random r = new Random(22);
        double maxError = 0;
        for (int trial = 0; trial < 20; trial++) {
            Crf crf = randomCrf(r);
            int b = 1 + r.nextInt(4);
            List<float[][]> seqs = new ArrayList<>();
            int[][] tags = new int[b][];
            for (int s = 0; s < b; s++) {
                int len = 1 + r.nextInt(5);
                seqs.add(emissions(r, len));
                tags[s] = allowedPath(r, len);
            }
            try (NDManager m = manager.newSubManager()) {
                Batch batch = Batch.of(m, crf, seqs, -9f);
                float[] perSeq = batch.sequenceNll(tags);
                for (int s = 0; s < b; s++) {
                    // closed form: log Z − score of the gold path
                    double gold = Enumeration.of(crf, seqs.get(s), tags[s]).logZ - crf.pathScore(seqs.get(s), tags[s]);
                    assertThat((double) perSeq[s]).as("trial %d, seq %d", trial, s).isCloseTo(gold, within(1e-4));
                    maxError = Math.max(maxError, Math.abs(perSeq[s] - gold));
                }
                // the old entry point is the weighted one with no weights, or with weights all 1
                float[] ones = new float[b];
                Arrays.fill(ones, 1f);
                float plain = batch.nll(tags).getFloat();
                assertThat(batch.nll(tags, null).getFloat()).isEqualTo(plain);
                assertThat(batch.nll(tags, ones).getFloat()).isEqualTo(plain);
            }
        }
    }

    @Test
    void allUnknownSequencesContributeNothing() {
        Random r = new Random(23);
        Crf crf = randomCrf(r);
        List<float[][]> seqs = List.of(emissions(r, 4), emissions(r, 2), emissions(r, 5));
        int[][] tags = {{U, U, U, U}, allowedPath(r, 2), {U, U, U, U, U}};
        try (NDManager m = manager.newSubManager()) {
            Batch batch = Batch.of(m, crf, seqs, 3f);
            float[] perSeq = batch.sequenceNll(tags);
            assertThat(perSeq[0]).isCloseTo(0f, within(1e-6f));
            assertThat(perSeq[2]).isCloseTo(0f, within(1e-6f));
            assertThat((double) batch.nll(tags).getFloat())
                    .isCloseTo(Enumeration.of(crf, seqs.get(1), tags[1]).nll() / 3, within(1e-4));
        }
        float[] ge = gradients(crf, seqs, tags)[0];
        for (int s : new int[] {0, 2}) {
            for (int j = 0; j < 5 * K; j++) {
                assertThat(ge[s * 5 * K + j]).as("dE[%d] flat %d", s, j).isCloseTo(0f, within(1e-6f));
            }
        }
    }

    @Test
    void weightsScaleEachSequencesContributionOverTheBatchSize() {
        Random r = new Random(24);
        for (int trial = 0; trial < 10; trial++) {
            Crf crf = randomCrf(r);
            int b = 2 + r.nextInt(3);
            List<float[][]> seqs = new ArrayList<>();
            int[][] tags = new int[b][];
            float[] weights = new float[b];
            double expected = 0;
            for (int s = 0; s < b; s++) {
                int len = 1 + r.nextInt(5);
                seqs.add(emissions(r, len));
                tags[s] = partialTags(r, len, 0.4);
                weights[s] = s == 0 ? 0f : (float) (r.nextDouble() * 3);
                expected += weights[s] * Enumeration.of(crf, seqs.get(s), tags[s]).nll();
            }
            try (NDManager m = manager.newSubManager()) {
                Batch batch = Batch.of(m, crf, seqs, 0f);
                // Σ w_s nll_s / B, not / Σ w_s: the two differ whenever Σ w_s ≠ B
                assertThat((double) batch.nll(tags, weights).getFloat()).as("trial %d", trial)
                        .isCloseTo(expected / b, within(1e-4));
                assertThat(batch.nll(tags, new float[b]).getFloat()).isEqualTo(0f);
            }
        }
    }

    @Test
    void gradientsOfPartialWeightedLossAreAllMarginalsMinusConsistentMarginalsTimesWeightOverB() {
        Random r = new Random(25);
        double maxError = 0;
        double maxForcedOGap = 0;
        for (int trial = 0; trial < 8; trial++) {
            Crf crf = randomCrf(r);
            int[] lengths = {5, 2, 4, 1, 3};
            List<float[][]> seqs = new ArrayList<>();
            int[][] tags = new int[lengths.length][];
            float[] weights = {1f, 0.5f, 2f, 1.5f, 0f};
            for (int s = 0; s < lengths.length; s++) {
                seqs.add(emissions(r, lengths[s]));
                tags[s] = partialTags(r, lengths[s], 0.5);
            }
            tags[2][0] = U; // at least one unknown in a long sequence of every trial
            int b = lengths.length;
            int t = 5;
            float[][] g = gradients(crf, seqs, tags, weights);
            double[] expectedTrans = new double[K * K + 2 * K]; // transitions, start, end: summed over the batch
            for (int s = 0; s < b; s++) {
                int len = lengths[s];
                Enumeration en = Enumeration.of(crf, seqs.get(s), tags[s]);
                Enumeration forcedO = Enumeration.of(crf, seqs.get(s), forcedToO(tags[s]));
                double scale = weights[s] / b;
                for (int i = 0; i < t; i++) {
                    for (int k = 0; k < K; k++) {
                        double expected = i < len
                                ? (en.expectedAll[i * K + k] - en.expectedConsistent[i * K + k]) * scale : 0;
                        double actual = g[0][(s * t + i) * K + k];
                        assertThat(actual).as("trial %d, dE[%d][%d][%d], tags %s", trial, s, i, k,
                                Arrays.toString(tags[s])).isCloseTo(expected, within(1e-4));
                        maxError = Math.max(maxError, Math.abs(actual - expected));
                        if (i < len) {
                            double wrong = (forcedO.expectedAll[i * K + k]
                                    - forcedO.expectedConsistent[i * K + k]) * scale;
                            maxForcedOGap = Math.max(maxForcedOGap, Math.abs(wrong - expected));
                        }
                    }
                }
                for (int j = 0; j < expectedTrans.length; j++) {
                    expectedTrans[j] += (en.expectedAll[len * K + j] - en.expectedConsistent[len * K + j]) * scale;
                }
            }
            double[] actualTrans = new double[expectedTrans.length];
            for (int j = 0; j < K * K; j++) {
                actualTrans[j] = g[1][j];
            }
            for (int j = 0; j < K; j++) {
                actualTrans[K * K + j] = g[2][j];
                actualTrans[K * K + K + j] = g[3][j];
            }
            for (int j = 0; j < expectedTrans.length; j++) {
                assertThat(actualTrans[j]).as("trial %d, transition/start/end gradient %d", trial, j)
                        .isCloseTo(expectedTrans[j], within(1e-4));
                maxError = Math.max(maxError, Math.abs(actualTrans[j] - expectedTrans[j]));
            }
            // the same batch again after a collection: DJL's freed-scalar bug would show here (STACK.md)
            System.gc();
            float[][] again = gradients(crf, seqs, tags, weights);
            for (int i = 0; i < g.length; i++) {
                assertThat(again[i]).as("trial %d, parameter %d", trial, i).containsExactly(g[i]);
            }
        }
        // forcing unknowns to O would move some emission gradient by far more than the tolerance
        assertThat(maxForcedOGap).isGreaterThan(0.05);
    }

    @Test
    void badTagsLengthsAndWeightsAreRefusedWithTheirPlace() {
        Random r = new Random(26);
        Crf crf = randomCrf(r);
        try (NDManager m = manager.newSubManager()) {
            Batch batch = Batch.of(m, crf, List.of(emissions(r, 3), emissions(r, 2)), 0f);
            assertThatThrownBy(() -> batch.nll(new int[][] {{0, 1, 3}, {0, 0}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad tag 3 at 2 of sequence 0");
            assertThatThrownBy(() -> batch.nll(new int[][] {{0, 1, 2}, {-2, 0}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad tag -2 at 0 of sequence 1");
            assertThatThrownBy(() -> batch.nll(new int[][] {{0, 1, 2}, {}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 has length 0");
            assertThatThrownBy(() -> batch.nll(new int[][] {{0, 1, 2, 2}, {0}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 0 has length 4");
            assertThatThrownBy(() -> batch.nll(new int[][] {{0, 1, 2}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for 1 tag sequences");
            int[][] ok = {{0, 1, 2}, {U, U}};
            assertThatThrownBy(() -> batch.nll(ok, new float[] {1f}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 weights for 2 sequences");
            assertThatThrownBy(() -> batch.nll(ok, new float[] {1f, -0.5f}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1");
            assertThatThrownBy(() -> batch.nll(ok, new float[] {Float.NaN, 1f}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 0");
        }
    }
}
