package org.companyner.export;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ONNX operators the {@link OnnxExporter} writes, as tribuo's {@link ONNXOperator} so that
 * {@link ONNXOperator#build} checks each node's input count and attributes. Tribuo's own
 * {@code ONNXOperators} enum lacks MatMul, Reshape, Transpose, Shape, Slice,
 * LayerNormalization and LSTM, and pins an older opset; this enum lists every op of the tagger graph at
 * the version current in opset {@value #OPSET} (specs:
 * <a href="https://github.com/onnx/onnx/blob/main/docs/Operators.md">ONNX Operators.md</a>), plus two
 * ONNX Runtime contrib ops in domain {@code com.microsoft} version 1 (specs:
 * <a href="https://github.com/microsoft/onnxruntime/blob/main/docs/ContribOperators.md">ORT ContribOperators.md</a>).
 */
enum OnnxOp implements ONNXOperator {
    /** Gather-13: rows of {@code data} at {@code indices} along {@code axis}. */
    GATHER("Gather", 13, 2, 0, attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Add-14, Sub-14, Mul-14: elementwise with numpy broadcasting. */
    ADD("Add", 14, 2, 0),
    SUB("Sub", 14, 2, 0),
    MUL("Mul", 14, 2, 0),
    /** MatMul-13: numpy matmul (batched over leading axes). */
    MATMUL("MatMul", 13, 2, 0),
    /** LayerNormalization-17: X, Scale, optional B; attributes axis, epsilon, stash_type. */
    LAYER_NORMALIZATION("LayerNormalization", 17, 2, 1,
            attr("axis", OnnxMl.AttributeProto.AttributeType.INT),
            attr("epsilon", OnnxMl.AttributeProto.AttributeType.FLOAT),
            attr("stash_type", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Reshape-14: data, shape (0 copies the input dimension unless allowzero). */
    RESHAPE("Reshape", 14, 2, 0, attr("allowzero", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Transpose-13: attribute perm. */
    TRANSPOSE("Transpose", 13, 1, 0, attr("perm", OnnxMl.AttributeProto.AttributeType.INTS)),
    /** Softmax-13: along one axis (not the flattened-2D semantics of Softmax-1/11). */
    SOFTMAX("Softmax", 13, 1, 0, attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Shape-15: the input's shape as int64, optionally the slice [start, end) of it. */
    SHAPE("Shape", 15, 1, 0,
            attr("start", OnnxMl.AttributeProto.AttributeType.INT),
            attr("end", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Slice-13: data, starts, ends, optional axes, steps (all int64 tensors). */
    SLICE("Slice", 13, 3, 2),
    /** Unsqueeze-13: data, axes (int64 tensor input since opset 13). */
    UNSQUEEZE("Unsqueeze", 13, 2, 0),
    /** ReduceSum-13: data, optional axes (int64 tensor); attributes keepdims, noop_with_empty_axes. */
    REDUCE_SUM("ReduceSum", 13, 1, 1,
            attr("keepdims", OnnxMl.AttributeProto.AttributeType.INT),
            attr("noop_with_empty_axes", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Cast-13: attribute {@code to}, a {@code TensorProto.DataType} number. */
    CAST("Cast", 13, 1, 0, attr("to", OnnxMl.AttributeProto.AttributeType.INT)),
    /**
     * LSTM-14: X, W, R, optional B, sequence_lens, initial_h, initial_c, P. Only the first output
     * (Y, {@code [T, num_directions, B, hidden]} in the default layout 0) is used; gates in order
     * i, o, f, c.
     */
    LSTM("LSTM", 14, 3, 5,
            attr("hidden_size", OnnxMl.AttributeProto.AttributeType.INT),
            attr("direction", OnnxMl.AttributeProto.AttributeType.STRING),
            attr("layout", OnnxMl.AttributeProto.AttributeType.INT),
            attr("input_forget", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Identity-16: its input, under another name. */
    IDENTITY("Identity", 16, 1, 0),
    /** Abs-13, Div-14: elementwise. */
    ABS("Abs", 13, 1, 0),
    DIV("Div", 14, 2, 0),
    /** Clip-13: input, optional min, optional max (scalar tensors). */
    CLIP("Clip", 13, 1, 2),
    /** ReduceMax-13: attributes axes (ints), keepdims. */
    REDUCE_MAX("ReduceMax", 13, 1, 0,
            attr("axes", OnnxMl.AttributeProto.AttributeType.INTS),
            attr("keepdims", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Concat-13 of two inputs along attribute axis. */
    CONCAT("Concat", 13, 2, 0, attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** QuantizeLinear-13: x, y_scale, optional y_zero_point; attribute axis (per-axis when the scale is 1-D). */
    QUANTIZE_LINEAR("QuantizeLinear", 13, 2, 1, attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /**
     * com.microsoft MatMulIntegerToFloat (contrib, v1): A (uint8), B (int8), a_scale, b_scale (scalar or
     * per column of B), optional a_zero_point, b_zero_point, bias → float {@code A·B} dequantised.
     */
    MATMUL_INTEGER_TO_FLOAT("MatMulIntegerToFloat", OnnxOp.MICROSOFT, 1, 4, 3),
    /** com.microsoft Gelu (contrib, v1): the exact erf form {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    GELU("Gelu", OnnxOp.MICROSOFT, 1, 1, 0),
    /**
     * com.microsoft DynamicQuantizeMatMul (contrib, v1): {@code Y = A·dequant(B) + bias} with A float
     * (quantised to uint8 per tensor at run time), B int8/uint8, b_scale a scalar or one scale per
     * column of B, optional b_zero_point (same shape as b_scale) and bias {@code [N]}.
     */
    DYNAMIC_QUANTIZE_MATMUL("DynamicQuantizeMatMul", OnnxOp.MICROSOFT, 1, 3, 2);

    /** The default-domain opset the graph imports. */
    static final int OPSET = 17;
    /** The ONNX Runtime contrib-op domain. */
    static final String MICROSOFT = "com.microsoft";

    private final String name;
    private final String domain;
    private final int version;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOp(String name, int version, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this(name, "", version, inputs, optionalInputs, attributes);
    }

    OnnxOp(String name, String domain, int version, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.name = name;
        this.domain = domain;
        this.version = version;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(map);
    }

    private static ONNXAttribute attr(String name, OnnxMl.AttributeProto.AttributeType type) {
        return new ONNXAttribute(name, type, false);
    }

    @Override
    public String getOpName() {
        return name;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return version;
    }

    @Override
    public String getOpDomain() {
        return domain;
    }
}
