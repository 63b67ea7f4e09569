package org.companyner.export;

import ai.onnx.proto.OnnxMl;

import java.util.List;
import java.util.Map;

/**
 * An int8 Linear whose activations are quantised per token: {@code y = x · dequant(W) + b} where each
 * position's input vector gets its own symmetric scale {@code max|x| / 127}. Written as standard ONNX
 * ops around one {@code MatMulInteger} (uint8 × int8 → int32):
 * <pre>
 *   s = Clip(ReduceMax(Abs(x), axes -1), 1e-30) / 127               [.., 1]   per token
 *   q = Cast(Clip(Round(x / s), -127, 127) + 128, uint8)             zero point 128
 *   y = Cast(MatMulInteger(q, Wq, 128), float) · (s · w_scale) + b   w_scale [out], per output channel
 * </pre>
 * Why not ONNX Runtime's {@code DynamicQuantizeMatMul}: it computes one activation scale over the whole
 * input tensor, i.e. over every article of a batch and its padding, so an article's emissions (and
 * sometimes its mentions) depended on the articles batched with it. With a scale per token, each
 * position's result depends on that position's input alone (Dettmers et al. 2022, "LLM.int8()", use
 * the same vector-wise scheme for accuracy).
 */
final class PerTokenInt8 {
    /** The graph being written: adds nodes and shared scalar constants. */
    interface Graph {
        /** Adds a node with a fresh output name derived from {@code hint}; returns the output name. */
        String node(OnnxOp op, String hint, Map<String, Object> attributes, String... inputs);

        /** Adds a node whose output is named {@code output}. */
        String emit(OnnxOp op, String output, Map<String, Object> attributes, String... inputs);

        /** A float scalar constant (shared by name). */
        String floatScalar(String name, float value);

        /** A uint8 scalar constant (shared by name). */
        String uint8Scalar(String name, int value);
    }

    /** Largest activation level: symmetric 8-bit. */
    static final float LEVELS = 127f;
    /** uint8 code of activation 0. */
    static final int ZERO_POINT = 128;

    private PerTokenInt8() {
    }

    /**
     * Appends the nodes of one quantised Linear.
     *
     * @param x      float input {@code [.., in]}
     * @param weight int8 initializer {@code [in, out]}
     * @param scale  float initializer {@code [out]}: the weight scale per output channel
     * @param bias   float initializer {@code [out]}
     * @param output name of the result
     */
    static String matMul(Graph g, String prefix, String x, String weight, String scale, String bias, String output) {
        String absMax = g.node(OnnxOp.REDUCE_MAX, prefix + "_amax", Map.of("axes", new int[]{-1}, "keepdims", 1),
                g.node(OnnxOp.ABS, prefix + "_abs", Map.of(), x));
        String tokenScale = g.node(OnnxOp.DIV, prefix + "_xscale", Map.of(),
                g.node(OnnxOp.CLIP, prefix + "_amax_pos", Map.of(), absMax, g.floatScalar("q_tiny", 1e-30f)),
                g.floatScalar("q_levels", LEVELS));
        String rounded = g.node(OnnxOp.ROUND, prefix + "_xr", Map.of(),
                g.node(OnnxOp.DIV, prefix + "_xs", Map.of(), x, tokenScale));
        // stored as uint8 with zero point 128: ONNX Runtime's u8×s8 kernels are its well-trodden path
        String q = g.node(OnnxOp.CAST, prefix + "_xq", Map.of("to", OnnxMl.TensorProto.DataType.UINT8.getNumber()),
                g.node(OnnxOp.ADD, prefix + "_xo", Map.of(), g.node(OnnxOp.CLIP, prefix + "_xc", Map.of(), rounded,
                        g.floatScalar("q_min", -LEVELS), g.floatScalar("q_max", LEVELS)), g.floatScalar("q_offset", ZERO_POINT)));
        String acc = g.node(OnnxOp.CAST, prefix + "_accf", Map.of("to", OnnxMl.TensorProto.DataType.FLOAT.getNumber()),
                g.node(OnnxOp.MATMUL_INTEGER, prefix + "_acc", Map.of(), q, weight, g.uint8Scalar("q_zero_point", ZERO_POINT)));
        // weight scale first, token scale second: ONNX Runtime fuses MatMulInteger → Cast → Mul into
        // MatMulIntegerToFloat, which takes a per-tensor activation scale and mishandled a per-token one
        String y = g.node(OnnxOp.MUL, prefix + "_deq", Map.of(),
                g.node(OnnxOp.MUL, prefix + "_wdeq", Map.of(), acc, scale), tokenScale);
        return g.emit(OnnxOp.ADD, output, Map.of(), y, bias);
    }

    /** The op types one quantised Linear is written as, in order (for tests). */
    static final List<String> OPS = List.of("Abs", "ReduceMax", "Clip", "Div", "Div", "Round", "Clip", "Add", "Cast",
            "MatMulInteger", "Cast", "Mul", "Mul", "Add");
}
