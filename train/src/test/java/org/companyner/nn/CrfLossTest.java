package org.companyner.nn;

import static org.assertj.core.api.Assertions.assertThat;
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
        try (NDManager m = manager.newSubManager()) {
            Batch batch = Batch.of(m, crf, seqs, 1f);
            List<NDArray> params = List.of(batch.emissions, batch.transitions, batch.start, batch.end);
            params.forEach(p -> p.setRequiresGradient(true));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = batch.nll(tags);
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
}
