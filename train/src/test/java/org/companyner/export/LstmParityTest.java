package org.companyner.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.companyner.nn.BiLstm;
import org.companyner.nn.LstmLayer;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BiLSTM means the same in training (DJL, {@link BiLstm}) and serving (ONNX Runtime's LSTM node,
 * as {@link OnnxExporter} writes it) on this host: both are compared with {@link LstmReference}, a
 * double-precision forward pass in plain Java, over hidden sizes 1…128, batches of 1…5 rows and row
 * lengths 0…40. The comparison names the side that is wrong. (On AMD EPYC hosts PyTorch's fused
 * LSTM, which the tagger used before, missed the reference by up to 1.6 at hidden sizes 12 and 16.)
 */
class LstmParityTest {
    private static final double TOLERANCE = 1e-4;

    @Property(tries = 60, seed = "20261202")
    void djlAndOnnxRuntimeMatchTheReference(@ForAll @IntRange(min = 1, max = 128) int hidden,
                                            @ForAll @IntRange(min = 1, max = 48) int in,
                                            @ForAll @IntRange(min = 1, max = 5) int batch,
                                            @ForAll("lengths") int[] lengthsDraw,
                                            @ForAll long seed) throws Exception {
        int[] lengths = java.util.Arrays.copyOf(lengthsDraw, batch);
        int t = java.util.Arrays.stream(lengths).max().orElse(0);
        Random rnd = new Random(seed);
        float[][][] x = new float[batch][t][in];
        for (float[][] row : x) {
            for (float[] v : row) {
                for (int k = 0; k < in; k++) {
                    v[k] = (float) rnd.nextGaussian();
                }
            }
        }
        // weights N(0, 1/in) and N(0, 1/H): gates of order 1, so saturation does not hide errors
        float[][] fwd = weights(rnd, hidden, in);
        float[][] bwd = weights(rnd, hidden, in);

        double[][][] expected = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            expected[b] = LstmReference.bidirectional(x[b], lengths[b], fwd, bwd, hidden);
        }
        float[][][] djl = djl(x, lengths, t, in, hidden, fwd, bwd);
        float[][][] ort = onnxRuntime(x, lengths, t, in, hidden, fwd, bwd);
        double djlError = maxError(expected, djl, lengths);
        double ortError = maxError(expected, ort, lengths);
        assertThat(djlError).as("DJL vs reference, H=%d in=%d lengths=%s", hidden, in,
                java.util.Arrays.toString(lengths)).isLessThan(TOLERANCE);
        assertThat(ortError).as("ONNX Runtime vs reference, H=%d in=%d lengths=%s", hidden, in,
                java.util.Arrays.toString(lengths)).isLessThan(TOLERANCE);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<int[]> lengths() {
        return net.jqwik.api.Arbitraries.integers().between(0, 40).array(int[].class).ofSize(5)
                .filter(a -> java.util.Arrays.stream(a).anyMatch(v -> v > 0));
    }

    private static float[][] weights(Random rnd, int hidden, int in) {
        float[] w = gaussian(rnd, 4 * hidden * in, 1 / Math.sqrt(in));
        float[] r = gaussian(rnd, 4 * hidden * hidden, 1 / Math.sqrt(hidden));
        return new float[][]{w, r, gaussian(rnd, 4 * hidden, 0.3), gaussian(rnd, 4 * hidden, 0.3)};
    }

    private static float[] gaussian(Random rnd, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (sd * rnd.nextGaussian());
        }
        return v;
    }

    private static float[][][] djl(float[][][] x, int[] lengths, int t, int in, int hidden,
                                   float[][] fwd, float[][] bwd) {
        int batch = x.length;
        try (NDManager m = NDManager.newBaseManager()) {
            LstmLayer f = new LstmLayer(hidden);
            LstmLayer b = new LstmLayer(hidden);
            f.initialize(m, DataType.FLOAT32, new Shape(1, 1, in));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, in));
            set(f, fwd);
            set(b, bwd);
            float[] flat = new float[batch * t * in];
            for (int s = 0; s < batch; s++) {
                for (int i = 0; i < t; i++) {
                    System.arraycopy(x[s][i], 0, flat, (s * t + i) * in, in);
                }
            }
            NDArray input = m.create(flat, new Shape(batch, t, in));
            float[] y = new BiLstm(f, b).forward(new ParameterStore(m, false), input, lengths, false).toFloatArray();
            return unflatten(y, batch, t, 2 * hidden);
        }
    }

    private static void set(LstmLayer layer, float[][] arrays) {
        int k = 0;
        for (Pair<String, Parameter> p : layer.getParameters()) { // order: i2h W, h2h W, i2h b, h2h b
            p.getValue().getArray().set(arrays[k++]);
        }
    }

    private static float[][][] onnxRuntime(float[][][] x, int[] lengths, int t, int in, int hidden,
                                           float[][] fwd, float[][] bwd) throws Exception {
        int batch = x.length;
        Map<String, float[]> arrays = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        String[] names = {"l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "l_0_i2h_BIAS", "l_0_h2h_BIAS"};
        long[][] dims = {{4L * hidden, in}, {4L * hidden, hidden}, {4L * hidden}, {4L * hidden}};
        for (int k = 0; k < 4; k++) {
            arrays.put("lstmFwd_" + names[k], fwd[k]);
            arrays.put("lstmBwd_" + names[k], bwd[k]);
            shapes.put("lstmFwd_" + names[k], dims[k]);
            shapes.put("lstmBwd_" + names[k], dims[k]);
        }
        byte[] model = OnnxExporter.biLstmOnly(hidden, arrays, shapes).toByteArray();
        float[] flat = new float[batch * t * in];
        float[] mask = new float[batch * t];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < t; i++) {
                System.arraycopy(x[s][i], 0, flat, (s * t + i) * in, in);
                mask[s * t + i] = i < lengths[s] ? 1 : 0;
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor xs = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[]{batch, t, in});
                 OnnxTensor ms = OnnxTensor.createTensor(env, FloatBuffer.wrap(mask), new long[]{batch, t});
                 OrtSession.Result result = session.run(Map.of("x", xs, "mask", ms))) {
                FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[y.remaining()];
                y.get(out);
                return unflatten(out, batch, t, 2 * hidden);
            }
        }
    }

    private static float[][][] unflatten(float[] flat, int batch, int t, int width) {
        float[][][] out = new float[batch][t][width];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < t; i++) {
                System.arraycopy(flat, (s * t + i) * width, out[s][i], 0, width);
            }
        }
        return out;
    }

    private static double maxError(double[][][] expected, float[][][] actual, int[] lengths) {
        double worst = 0;
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < lengths[s]; i++) {
                for (int j = 0; j < expected[s][i].length; j++) {
                    worst = Math.max(worst, Math.abs(expected[s][i][j] - actual[s][i][j]));
                }
            }
        }
        return worst;
    }
}
