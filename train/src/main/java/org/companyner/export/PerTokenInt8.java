package org.companyner.export;

import ai.onnx.proto.OnnxMl;

import java.util.Map;

/**
 * An int8 Linear whose activations are quantised per token: {@code y = x · dequant(W) + b} where each
 * position's input vector gets its own symmetric scale {@code max|x| / 127}. Written as standard ONNX
 * ops around one {@code MatMulInteger} (uint8 × int8 → int32):
 * <pre>
 *   X = Reshape(x, [-1, in])                                          one row per token
 *   s = Clip(ReduceMax(Abs(X), axis 1), 1e-30) / 127                 [N]
 *   q = QuantizeLinear(X, s, 128, axis 0)                             uint8, one scale per row
 *   y = MatMulIntegerToFloat(q, Wq, 1, w_scale, 128) · s[:, None] + b  w_scale [out], per output column
 *   Reshape(y, [.., out])
 * </pre>
 * Why not ONNX Runtime's {@code DynamicQuantizeMatMul}: it computes one activation scale over the whole
 * input tensor, i.e. over every article of a batch and its padding, so an article's emissions (and
 * sometimes its mentions) depended on the articles batched with it. With a scale per token, each
 * position's result depends on that position's input alone. The per-token scale is applied after
 * MatMulIntegerToFloat, whose a_scale can only be per tensor or per column of A: a graph that multiplied
 * the int32 product by (token scale · weight scale) was fused by ONNX Runtime into MatMulIntegerToFloat
 * with the per-token scale misread, and gave emissions about a third too small (Dettmers et al. 2022, "LLM.int8()", use
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

        /** A 1-D int64 constant (shared by name). */
        String int64Vector(String name, long... values);
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
        // [.., in] → [N, in]: one row per token, so QuantizeLinear can take one scale per row (axis 0)
        String rowsShape = g.node(OnnxOp.CONCAT, prefix + "_rows_shape", Map.of("axis", 0),
                g.int64Vector("q_minus_one", -1L), g.node(OnnxOp.SHAPE, prefix + "_in", Map.of("start", -1), x));
        String rows = g.node(OnnxOp.RESHAPE, prefix + "_rows", Map.of(), x, rowsShape);               // [N, in]
        String absMax = g.node(OnnxOp.REDUCE_MAX, prefix + "_amax", Map.of("axes", new int[]{1}, "keepdims", 0),
                g.node(OnnxOp.ABS, prefix + "_abs", Map.of(), rows));                                   // [N]
        String rowScale = g.node(OnnxOp.DIV, prefix + "_xscale", Map.of(),
                g.node(OnnxOp.CLIP, prefix + "_amax_pos", Map.of(), absMax, g.floatScalar("q_tiny", 1e-30f)),
                g.floatScalar("q_levels", LEVELS));
        // zero point 128 for every row (uint8 activations: ONNX Runtime's u8×s8 kernels are its main path)
        String zeroPoints = g.node(OnnxOp.CAST, prefix + "_zp", Map.of("to", OnnxMl.TensorProto.DataType.UINT8.getNumber()),
                g.node(OnnxOp.ADD, prefix + "_zpf", Map.of(),
                        g.node(OnnxOp.MUL, prefix + "_zp0", Map.of(), rowScale, g.floatScalar("q_zero", 0f)),
                        g.floatScalar("q_offset", ZERO_POINT)));
        String q = g.node(OnnxOp.QUANTIZE_LINEAR, prefix + "_xq", Map.of("axis", 0), rows, rowScale, zeroPoints);
        // per output column: the weight scale; per row: the token's scale, applied after (see the class comment)
        String acc = g.node(OnnxOp.MATMUL_INTEGER_TO_FLOAT, prefix + "_acc", Map.of(), q, weight,
                g.floatScalar("q_one", 1f), scale, g.uint8Scalar("q_zero_point", ZERO_POINT));          // [N, out]
        String y = g.node(OnnxOp.ADD, prefix + "_y", Map.of(), g.node(OnnxOp.MUL, prefix + "_deq", Map.of(), acc,
                g.node(OnnxOp.UNSQUEEZE, prefix + "_col", Map.of(), rowScale, g.int64Vector("q_axis_1", 1L))), bias);
        // back to [.., out]
        String outShape = g.node(OnnxOp.CONCAT, prefix + "_out_shape", Map.of("axis", 0),
                g.node(OnnxOp.SHAPE, prefix + "_lead", Map.of("end", -1), x), g.node(OnnxOp.SHAPE, prefix + "_outw", Map.of("start", -1), y));
        return g.emit(OnnxOp.RESHAPE, output, Map.of(), y, outShape);
    }

}
