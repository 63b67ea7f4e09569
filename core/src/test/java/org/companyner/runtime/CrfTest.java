package org.companyner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.companyner.text.Tags;
import org.junit.jupiter.api.Test;

/**
 * {@link Crf} against brute force over every allowed BIO path (I never first, never after O) on
 * small random CRFs: 3 tags, lengths 1..6, so at most 3^6 = 729 paths.
 */
class CrfTest {
    private static final int K = Tags.COUNT;

    /** Random scores in [-3, 3); transitions into I from O are deliberately made attractive. */
    private static Crf randomCrf(Random r) {
        float[][] trans = new float[K][K];
        for (float[] row : trans) {
            fill(row, r);
        }
        float[] start = new float[K];
        float[] end = new float[K];
        fill(start, r);
        fill(end, r);
        // Make forbidden moves look the best raw choice, so that ignoring the constraint is caught.
        trans[Tags.O][Tags.I] = 5f;
        start[Tags.I] = 5f;
        return new Crf(trans, start, end);
    }

    private static float[][] randomEmissions(Random r, int len) {
        float[][] e = new float[len][K];
        for (float[] row : e) {
            fill(row, r);
        }
        return e;
    }

    private static void fill(float[] a, Random r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 6 - 3);
        }
    }

    static boolean allowed(int[] path) {
        for (int t = 0; t < path.length; t++) {
            if (path[t] == Tags.I && (t == 0 || path[t - 1] == Tags.O)) {
                return false;
            }
        }
        return true;
    }

    /** Score of a path straight from the definition (no use of {@link Crf#pathScore}). */
    static double score(Crf crf, float[][] e, int[] path) {
        double s = crf.start()[path[0]] + e[0][path[0]];
        for (int t = 1; t < path.length; t++) {
            s += crf.transitions()[path[t - 1]][path[t]] + e[t][path[t]];
        }
        return s + crf.end()[path[path.length - 1]];
    }

    static List<int[]> allowedPaths(int len) {
        List<int[]> out = new ArrayList<>();
        int total = (int) Math.pow(K, len);
        for (int code = 0; code < total; code++) {
            int[] p = new int[len];
            int c = code;
            for (int t = 0; t < len; t++) {
                p[t] = c % K;
                c /= K;
            }
            if (allowed(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static double bruteLogZ(Crf crf, float[][] e) {
        List<int[]> paths = allowedPaths(e.length);
        double max = Double.NEGATIVE_INFINITY;
        for (int[] p : paths) {
            max = Math.max(max, score(crf, e, p));
        }
        double sum = 0;
        for (int[] p : paths) {
            sum += Math.exp(score(crf, e, p) - max);
        }
        return max + Math.log(sum);
    }

    @Property(tries = 200)
    void logPartitionEqualsBruteForceOverAllowedPaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int len) {
        Random r = new Random(seed);
        Crf crf = randomCrf(r);
        float[][] e = randomEmissions(r, len);
        assertThat(crf.logPartition(e)).isCloseTo(bruteLogZ(crf, e), within(1e-4));
    }

    @Property(tries = 200)
    void viterbiEqualsBruteForceArgmaxOverAllowedPaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int len) {
        Random r = new Random(seed);
        Crf crf = randomCrf(r);
        float[][] e = randomEmissions(r, len);
        double best = Double.NEGATIVE_INFINITY;
        for (int[] p : allowedPaths(len)) {
            best = Math.max(best, score(crf, e, p));
        }
        int[] path = crf.viterbi(e);
        assertThat(path).hasSize(len);
        assertThat(allowed(path)).as("viterbi path %s obeys BIO", java.util.Arrays.toString(path)).isTrue();
        // ties are measure-zero with random floats; compare scores to stay robust to float rounding
        assertThat(score(crf, e, path)).isCloseTo(best, within(1e-4));
        assertThat(crf.pathScore(e, path)).isCloseTo(best, within(1e-4));
    }

    @Property(tries = 200)
    void marginalsSumToOneAndEqualBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int len) {
        Random r = new Random(seed);
        Crf crf = randomCrf(r);
        float[][] e = randomEmissions(r, len);
        double logZ = bruteLogZ(crf, e);
        double[][] expected = new double[len][K];
        for (int[] p : allowedPaths(len)) {
            double prob = Math.exp(score(crf, e, p) - logZ);
            for (int t = 0; t < len; t++) {
                expected[t][p[t]] += prob;
            }
        }
        double[][] m = crf.marginals(e);
        assertThat(m.length).isEqualTo(len);
        for (int t = 0; t < len; t++) {
            double sum = 0;
            for (int k = 0; k < K; k++) {
                sum += m[t][k];
                assertThat(m[t][k]).as("p[%d][%d]", t, k).isCloseTo(expected[t][k], within(1e-5));
            }
            assertThat(sum).as("row %d", t).isCloseTo(1.0, within(1e-6));
        }
        assertThat(m[0][Tags.I]).as("a leading I has probability 0").isZero();
    }

    @Property(tries = 300)
    void viterbiNeverOutputsOThenIOrLeadingI(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int len) {
        Random r = new Random(seed);
        Crf crf = randomCrf(r);
        float[][] e = randomEmissions(r, len);
        // Emissions that shout "I" everywhere: the constraint must still win.
        for (float[] row : e) {
            row[Tags.I] += 20f;
        }
        int[] path = crf.viterbi(e);
        assertThat(path[0]).isNotEqualTo(Tags.I);
        for (int t = 1; t < len; t++) {
            assertThat(path[t - 1] == Tags.O && path[t] == Tags.I).as("O→I at %d", t).isFalse();
        }
    }

    @Test
    void emptySequenceDecodesToEmptyPath() {
        Crf crf = randomCrf(new Random(1));
        assertThat(crf.viterbi(new float[0][K])).isEmpty();
        assertThat(crf.marginals(new float[0][K])).isEmpty();
    }
}
