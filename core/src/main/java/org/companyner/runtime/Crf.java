package org.companyner.runtime;

import org.companyner.text.Tags;

/**
 * Linear-chain CRF scores over the BIO tags of {@link Tags} (Lafferty et al. 2001), with the BIO
 * constraint applied at decoding time: an I never starts a sequence and never follows an O.
 *
 * @param transitions {@code transitions[from][to]}
 * @param start       score of the first tag
 * @param end         score of the last tag
 */
public record Crf(float[][] transitions, float[] start, float[] end) {
    private static final float FORBIDDEN = Float.NEGATIVE_INFINITY;

    public Crf {
        int n = start.length;
        if (end.length != n || transitions.length != n) {
            throw new IllegalArgumentException("CRF sizes disagree");
        }
    }

    public int tags() {
        return start.length;
    }

    private float trans(int from, int to) {
        return from == Tags.O && to == Tags.I ? FORBIDDEN : transitions[from][to];
    }

    private float first(int tag) {
        return tag == Tags.I ? FORBIDDEN : start[tag];
    }

    /** The best allowed tag path for {@code emissions[t][tag]}, t in [0, length). */
    public int[] viterbi(float[][] emissions) {
        int len = emissions.length;
        int n = tags();
        int[] path = new int[len];
        if (len == 0) {
            return path;
        }
        float[] score = new float[n];
        int[][] back = new int[len][n];
        for (int j = 0; j < n; j++) {
            score[j] = first(j) + emissions[0][j];
        }
        float[] next = new float[n];
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = 0;
                for (int i = 0; i < n; i++) {
                    float s = score[i] + trans(i, j);
                    if (s > best) {
                        best = s;
                        arg = i;
                    }
                }
                next[j] = best + emissions[t][j];
                back[t][j] = arg;
            }
            System.arraycopy(next, 0, score, 0, n);
        }
        int bestTag = 0;
        float best = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float s = score[j] + end[j];
            if (s > best) {
                best = s;
                bestTag = j;
            }
        }
        path[len - 1] = bestTag;
        for (int t = len - 1; t > 0; t--) {
            path[t - 1] = back[t][path[t]];
        }
        return path;
    }

    /** Score of one tag path (unnormalised log-potential). */
    public double pathScore(float[][] emissions, int[] path) {
        if (path.length == 0) {
            return 0;
        }
        double s = first(path[0]) + emissions[0][path[0]];
        for (int t = 1; t < path.length; t++) {
            s += trans(path[t - 1], path[t]) + emissions[t][path[t]];
        }
        return s + end[path[path.length - 1]];
    }

    /** Posterior marginals {@code p[t][tag]} by forward-backward in log space over allowed paths. */
    public double[][] marginals(float[][] emissions) {
        int len = emissions.length;
        int n = tags();
        double[][] alpha = new double[len][n];
        double[][] beta = new double[len][n];
        if (len == 0) {
            return alpha;
        }
        double[] buf = new double[n];
        for (int j = 0; j < n; j++) {
            alpha[0][j] = first(j) + emissions[0][j];
        }
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    buf[i] = alpha[t - 1][i] + trans(i, j);
                }
                alpha[t][j] = logSumExp(buf) + emissions[t][j];
            }
        }
        for (int j = 0; j < n; j++) {
            beta[len - 1][j] = end[j];
        }
        for (int t = len - 2; t >= 0; t--) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    buf[j] = trans(i, j) + emissions[t + 1][j] + beta[t + 1][j];
                }
                beta[t][i] = logSumExp(buf);
            }
        }
        for (int j = 0; j < n; j++) {
            buf[j] = alpha[len - 1][j] + end[j];
        }
        double logZ = logSumExp(buf);
        double[][] p = new double[len][n];
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < n; j++) {
                p[t][j] = Math.exp(alpha[t][j] + beta[t][j] - logZ);
            }
        }
        return p;
    }

    /** log Σ exp over allowed paths: the partition function, for tests against brute force. */
    public double logPartition(float[][] emissions) {
        int len = emissions.length;
        int n = tags();
        double[] alpha = new double[n];
        double[] next = new double[n];
        double[] buf = new double[n];
        for (int j = 0; j < n; j++) {
            alpha[j] = first(j) + emissions[0][j];
        }
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    buf[i] = alpha[i] + trans(i, j);
                }
                next[j] = logSumExp(buf) + emissions[t][j];
            }
            System.arraycopy(next, 0, alpha, 0, n);
        }
        for (int j = 0; j < n; j++) {
            buf[j] = alpha[j] + end[j];
        }
        return logSumExp(buf);
    }

    static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
