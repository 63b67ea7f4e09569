package org.companyner.export;

/**
 * An LSTM forward pass in plain Java, in double precision, written from the equations of
 * {@code torch.nn.LSTM} (gates i, f, g, o; c' = f c + i g; h' = o tanh c'; zero initial state):
 * the independent reference that both training (DJL) and serving (ONNX Runtime) are checked against.
 */
final class LstmReference {
    private LstmReference() {
    }

    /**
     * One direction over {@code x [T][in]}: {@code w [4H][in]}, {@code r [4H][H]}, biases {@code [4H]}
     * (PyTorch gate order). Returns {@code h [T][H]}.
     */
    static double[][] run(float[][] x, float[] w, float[] r, float[] bi, float[] bh, int hidden) {
        int in = x.length == 0 ? 0 : x[0].length;
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        double[][] out = new double[x.length][];
        double[] gates = new double[4 * hidden];
        for (int t = 0; t < x.length; t++) {
            for (int g = 0; g < 4 * hidden; g++) {
                double sum = (double) bi[g] + bh[g];
                for (int k = 0; k < in; k++) {
                    sum += (double) w[g * in + k] * x[t][k];
                }
                for (int k = 0; k < hidden; k++) {
                    sum += (double) r[g * hidden + k] * h[k];
                }
                gates[g] = sum;
            }
            double[] next = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(gates[j]);
                double f = sigmoid(gates[hidden + j]);
                double gg = Math.tanh(gates[2 * hidden + j]);
                double o = sigmoid(gates[3 * hidden + j]);
                c[j] = f * c[j] + i * gg;
                next[j] = o * Math.tanh(c[j]);
            }
            h = next;
            out[t] = next;
        }
        return out;
    }

    /** Both directions over the first {@code length} rows of {@code x}: {@code [length][2H]}, forward half first. */
    static double[][] bidirectional(float[][] x, int length, float[][] fwd, float[][] bwd, int hidden) {
        float[][] seq = java.util.Arrays.copyOf(x, length);
        float[][] rev = new float[length][];
        for (int t = 0; t < length; t++) {
            rev[t] = seq[length - 1 - t];
        }
        double[][] f = run(seq, fwd[0], fwd[1], fwd[2], fwd[3], hidden);
        double[][] b = run(rev, bwd[0], bwd[1], bwd[2], bwd[3], hidden);
        double[][] out = new double[length][2 * hidden];
        for (int t = 0; t < length; t++) {
            System.arraycopy(f[t], 0, out[t], 0, hidden);
            System.arraycopy(b[length - 1 - t], 0, out[t], hidden, hidden);
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
