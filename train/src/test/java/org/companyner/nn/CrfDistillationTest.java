package org.companyner.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.companyner.runtime.Crf;
import org.companyner.text.Tags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The distillation term of {@link CrfLoss}: its marginals are the Java {@link Crf}'s (forward-backward in
 * double precision), it is zero when the teacher's marginals equal the student's, positive otherwise, and
 * its gradient agrees with a central finite difference on a tiny model.
 */
class CrfDistillationTest {
    private static final int K = Tags.COUNT;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A small random CRF in flat arrays plus padded emissions for sequences of the given lengths. */
    private record Tiny(float[] emissions, float[] transitions, float[] start, float[] end, int[] lengths, int t) {
        static Tiny random(Random r, int... lengths) {
            int t = java.util.Arrays.stream(lengths).max().orElseThrow();
            float[] e = new float[lengths.length * t * K];
            for (int i = 0; i < e.length; i++) {
                e[i] = (float) (r.nextGaussian() * 2);
            }
            return new Tiny(e, gauss(r, K * K), gauss(r, K), gauss(r, K), lengths, t);
        }

        private static float[] gauss(Random r, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) r.nextGaussian();
            }
            return a;
        }

        Crf crf() {
            float[][] trans = new float[K][K];
            for (int i = 0; i < K; i++) {
                System.arraycopy(transitions, i * K, trans[i], 0, K);
            }
            return new Crf(trans, start, end);
        }

        float[][] sequence(int s) {
            float[][] rows = new float[lengths[s]][K];
            for (int i = 0; i < lengths[s]; i++) {
                System.arraycopy(emissions, (s * t + i) * K, rows[i], 0, K);
            }
            return rows;
        }

        /** The Java CRF's marginals of every sequence, as teacher rows. */
        float[][][] ownMarginals() {
            float[][][] out = new float[lengths.length][][];
            for (int s = 0; s < lengths.length; s++) {
                double[][] p = crf().marginals(sequence(s));
                out[s] = new float[p.length][K];
                for (int i = 0; i < p.length; i++) {
                    for (int j = 0; j < K; j++) {
                        out[s][i][j] = (float) p[i][j];
                    }
                }
            }
            return out;
        }

        NDArray[] arrays(NDManager m) {
            return new NDArray[]{m.create(emissions, new Shape(lengths.length, t, K)), m.create(transitions, new Shape(K, K)),
                    m.create(start), m.create(end)};
        }

        float loss(float[][][] soft) {
            try (NDManager m = manager.newSubManager()) {
                NDArray[] a = arrays(m);
                return CrfLoss.distillation(a[0], a[1], a[2], a[3], lengths, soft).getFloat();
            }
        }
    }

    /** Random teacher rows (distributions) for every position of every sequence. */
    private static float[][][] randomTeacher(Random r, int[] lengths) {
        float[][][] q = new float[lengths.length][][];
        for (int s = 0; s < lengths.length; s++) {
            q[s] = new float[lengths[s]][K];
            for (int i = 0; i < lengths[s]; i++) {
                double a = r.nextDouble() + 0.05;
                double b = r.nextDouble() + 0.05;
                double c = (i == 0 ? 0 : r.nextDouble() + 0.05); // the CRF forbids I at the start
                double sum = a + b + c;
                q[s][i][Tags.O] = (float) (a / sum);
                q[s][i][Tags.B] = (float) (b / sum);
                q[s][i][Tags.I] = (float) (c / sum);
            }
        }
        return q;
    }

    @Test
    void logMarginalsAreTheJavaCrfMarginalsInPaddedBatches() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            Tiny tiny = Tiny.random(r, 1 + r.nextInt(9), 1 + r.nextInt(9), 1 + r.nextInt(9));
            try (NDManager m = manager.newSubManager()) {
                NDArray[] a = tiny.arrays(m);
                float[] logP = CrfLoss.logMarginals(a[0], a[1], a[2], a[3], tiny.lengths()).toFloatArray();
                for (int s = 0; s < tiny.lengths().length; s++) {
                    double[][] expected = tiny.crf().marginals(tiny.sequence(s));
                    for (int i = 0; i < tiny.lengths()[s]; i++) {
                        for (int j = 0; j < K; j++) {
                            assertThat(Math.exp(logP[(s * tiny.t() + i) * K + j]))
                                    .as("trial %d, sequence %d, position %d, tag %d", trial, s, i, j)
                                    .isCloseTo(expected[i][j], within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void zeroWhenTheTeacherHasTheStudentsMarginalsAndPositiveOtherwise() {
        Random r = new Random(7);
        for (int trial = 0; trial < 10; trial++) {
            Tiny tiny = Tiny.random(r, 1 + r.nextInt(12), 1 + r.nextInt(12));
            assertThat(tiny.loss(tiny.ownMarginals())).as("trial %d, own marginals", trial).isCloseTo(0f, within(1e-4f));
            assertThat(tiny.loss(randomTeacher(r, tiny.lengths()))).as("trial %d, another teacher", trial).isGreaterThan(1e-3f);
        }
    }

    @Test
    void sequencesWithoutATeacherAddNothing() {
        Random r = new Random(9);
        Tiny tiny = Tiny.random(r, 6, 4);
        float[][][] q = randomTeacher(r, tiny.lengths());
        float both = tiny.loss(q);
        float first = tiny.loss(new float[][][]{q[0], null});
        float second = tiny.loss(new float[][][]{null, q[1]});
        assertThat(first + second).isCloseTo(both, within(1e-4f));
        assertThat(tiny.loss(new float[][][]{null, null})).isEqualTo(0f);
    }

    @Test
    void gradientMatchesACentralFiniteDifference() {
        Random r = new Random(11);
        Tiny tiny = Tiny.random(r, 5, 3);
        float[][][] q = randomTeacher(r, tiny.lengths());
        float[][] grads;
        try (NDManager m = manager.newSubManager()) {
            NDArray[] a = tiny.arrays(m);
            for (NDArray x : a) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(CrfLoss.distillation(a[0], a[1], a[2], a[3], tiny.lengths(), q));
            }
            grads = new float[][]{a[0].getGradient().toFloatArray(), a[1].getGradient().toFloatArray(),
                    a[2].getGradient().toFloatArray(), a[3].getGradient().toFloatArray()};
        }
        float[][] params = {tiny.emissions(), tiny.transitions(), tiny.start(), tiny.end()};
        String[] names = {"emission", "transition", "start", "end"};
        double eps = 1e-2;
        for (int p = 0; p < params.length; p++) {
            for (int i = 0; i < params[p].length; i++) {
                float saved = params[p][i];
                params[p][i] = (float) (saved + eps);
                double plus = tiny.loss(q);
                params[p][i] = (float) (saved - eps);
                double minus = tiny.loss(q);
                params[p][i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                assertThat((double) grads[p][i]).as("%s gradient %d", names[p], i)
                        .isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
            }
        }
        // padding does not learn from the teacher: positions past the second sequence's end get no gradient
        int t = tiny.t();
        for (int i = tiny.lengths()[1]; i < t; i++) {
            for (int j = 0; j < K; j++) {
                assertThat(grads[0][(t + i) * K + j]).as("padding %d/%d", i, j).isEqualTo(0f);
            }
        }
    }

    @Test
    void badTeacherRowsAreRefusedWithTheirPlace() {
        Random r = new Random(13);
        Tiny tiny = Tiny.random(r, 3);
        float[][][] tooShort = {new float[2][K]};
        assertThatThrownBy(() -> tiny.loss(tooShort)).hasMessageContaining("2 teacher rows for length 3");
        float[][][] notDistribution = randomTeacher(r, tiny.lengths());
        notDistribution[0][1] = new float[]{0.9f, 0.9f, 0f};
        assertThatThrownBy(() -> tiny.loss(notDistribution)).hasMessageContaining("teacher row 1 of sequence 0");
    }
}
