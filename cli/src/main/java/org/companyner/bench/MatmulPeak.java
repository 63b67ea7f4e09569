package org.companyner.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * The matrix-product peak of the machine at hand, measured with ONNX Runtime (the serving engine) on
 * the thread count the models get: a float32 {@code MatMul} and a uint8 × int8 {@code MatMulInteger}
 * (the kernel of int8 models) of {@value #N}×{@value #N} matrices, best of a few runs after a warm-up.
 * Hosts differ (AVX2 vs AVX-512/VNNI/AMX), so a roofline fraction is only honest against the peak of the
 * same host and the same precision.
 *
 * @param fp32Gflops float32 GFLOP/s
 * @param int8Gops   int8 GOP/s (two operations per multiply-add, as for floats)
 */
public record MatmulPeak(double fp32Gflops, double int8Gops) {
    static final int N = 1024;
    private static final int RUNS = 8;

    /** Measures both peaks with {@code threads} intra-op threads (about a second). */
    public static MatmulPeak measure(int threads) {
        try {
            return new MatmulPeak(rate(false, threads), rate(true, threads));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the matmul probe: " + e.getMessage(), e);
        }
    }

    /** The peak for a model's weights: {@code int8} rows against the int8 peak, others against float32. */
    public double forWeights(boolean int8) {
        return int8 ? int8Gops : fp32Gflops;
    }

    private static double rate(boolean int8, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Random rnd = new Random(1);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession session = env.createSession(graph(int8, rnd).toByteArray(), options);
                 OnnxTensor a = input(env, int8, rnd)) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i < RUNS + 2; i++) {
                    long t0 = System.nanoTime();
                    try (OrtSession.Result r = session.run(Map.of("a", a))) {
                        double s = (System.nanoTime() - t0) / 1e9;
                        if (i >= 2) {
                            best = Math.min(best, s);
                        }
                    }
                }
                return 2.0 * N * N * N / best / 1e9;
            }
        }
    }

    private static OnnxTensor input(OrtEnvironment env, boolean int8, Random rnd) throws OrtException {
        if (int8) {
            byte[] a = new byte[N * N];
            rnd.nextBytes(a);
            return OnnxTensor.createTensor(env, ByteBuffer.wrap(a), new long[]{N, N}, ai.onnxruntime.OnnxJavaType.UINT8);
        }
        float[] a = new float[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[]{N, N});
    }

    /** {@code y = a · W} with a constant W (int8 weights in the 7-bit range the exporter writes). */
    private static OnnxMl.ModelProto graph(boolean int8, Random rnd) {
        OnnxMl.TensorProto.DataType aType = int8 ? OnnxMl.TensorProto.DataType.UINT8 : OnnxMl.TensorProto.DataType.FLOAT;
        OnnxMl.TensorProto.DataType wType = int8 ? OnnxMl.TensorProto.DataType.INT8 : OnnxMl.TensorProto.DataType.FLOAT;
        byte[] w;
        if (int8) {
            w = new byte[N * N];
            for (int i = 0; i < w.length; i++) {
                w[i] = (byte) (rnd.nextInt(129) - 64);
            }
        } else {
            ByteBuffer buf = ByteBuffer.allocate(N * N * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < N * N; i++) {
                buf.putFloat((float) rnd.nextGaussian());
            }
            w = buf.array();
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("peak")
                .addInput(value("a", aType))
                .addOutput(value("y", int8 ? OnnxMl.TensorProto.DataType.INT32 : OnnxMl.TensorProto.DataType.FLOAT))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("w").setDataType(wType.getNumber())
                        .addDims(N).addDims(N).setRawData(ByteString.copyFrom(w)))
                .addNode(OnnxMl.NodeProto.newBuilder().setName("mm").setOpType(int8 ? "MatMulInteger" : "MatMul")
                        .addInput("a").addInput("w").addOutput("y"));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g).build();
    }

    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(
                        OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(N))
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(N))))).build();
    }
}
