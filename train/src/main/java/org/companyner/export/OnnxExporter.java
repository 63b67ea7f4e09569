package org.companyner.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Crf;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.SelfCheck;
import org.companyner.text.Tags;
import org.tribuo.util.onnx.ONNXContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a trained {@link DjlTagger} as an ONNX graph ({@value ModelDir#GRAPH}) plus its CRF
 * parameters ({@value ModelDir#CRF}) for {@link OnnxEmitter}, the serving path without DJL.
 *
 * <p>DJL cannot export a Java-defined block, so the graph is written op by op from the
 * {@link org.companyner.nn.TaggerBlock} definition (inference mode, no dropout) and filled with its
 * weights. Nodes are built through tribuo's {@code ONNXOperator} ({@link OnnxOp}); the graph, its
 * typed inputs and its int8 initializers go straight into the {@code ai.onnx.proto.OnnxMl}
 * protobuf messages, which tribuo's {@code ONNXContext} cannot express (it knows float inputs only).
 *
 * <p>Graph (default domain opset {@value OnnxOp#OPSET}, IR version 8, plus {@code com.microsoft} v1):
 * <pre>
 *   inputs  chars, bigram_left, bigram_right  int64 [batch, length]   (lexicon too when the model has it)
 *           mask                              float [batch, length]   1 = real position, 0 = padding
 *   x = Gather(char_emb, chars) [+ Gather(bigram_emb, left) + Gather(bigram_emb, right)] [+ Gather(lex_emb, lexicon)]
 *       [+ Slice(positions, 0, Shape(chars)[1])]                        (positions: transformers only)
 *   x = LayerNormalization(x, eps 1e-5);  x = x·Wproj + b
 *   per layer (pre-LN):  h = LN1(x); qkv = h·Wqkv + b → Reshape [B,T,3,heads,dh] → Transpose [3,B,heads,T,dh]
 *                        q,k,v = Gather(·, 0|1|2); a = Softmax(q·kᵀ / √dh + (mask − 1)·10000)
 *                        x += Reshape(Transpose(a·v)) · Wout + b;  x += Gelu(LN2(x)·Wff1 + b)·Wff2 + b
 *   [x = LayerNormalization(x)]                                         (when there are layers)
 *   [x = Reshape(Transpose(LSTM(Transpose(x), bidirectional, sequence_lens = Cast(ReduceSum(mask, 1)))))]
 *   emissions = x · Wemit + b                              float [batch, length, 3]
 * </pre>
 * DJL's Linear weight is {@code [out, in]}; it is transposed to {@code [in, out]} for MatMul.
 *
 * <p>The BiLSTM ({@code lstmHidden > 0}) is one ONNX LSTM node, {@code direction = bidirectional},
 * time-major (layout 0, so transposed around: ONNX Runtime's CPU kernel does not take layout 1).
 * {@code sequence_lens} makes the reverse direction start at each row's last real position, which
 * is what {@code TaggerBlock} does by reversing each row within its length. DJL's two one-layer
 * LSTMs ({@code lstmFwd}, {@code lstmBwd}: {@code i2h [4H, in]}, {@code h2h [4H, H]}, two biases,
 * PyTorch gate order i, f, g, o) become W {@code [2, 4H, in]}, R {@code [2, 4H, H]} and
 * B {@code [2, 8H]} (input bias, then recurrent bias) with the gates reordered to ONNX's i, o, f, c.
 * Y {@code [T, 2, B, H]} becomes {@code [B, T, 2H]}, forward half first, as DJL concatenates.
 *
 * <p>With {@code int8}, every Linear becomes one {@code com.microsoft.DynamicQuantizeMatMul}
 * (inputs A float, B int8 {@code [in, out]}, b_scale {@code [out]}, b_zero_point int8 zeros
 * {@code [out]}, bias {@code [out]}): weights are quantised here symmetrically per output channel
 * (scale = max|w| / {@value #INT8_MAX}), activations by ONNX Runtime per tensor at run time.
 * Embeddings, LayerNorm, attention and the LSTM stay float32. The weight range is 7-bit ({@value #INT8_MAX}):
 * on x86 CPUs without VNNI, ONNX Runtime's u8×s8 kernel ({@code vpmaddubsw}) adds pairs of
 * products into saturating int16, and 255·2·64 still fits where 255·2·127 does not.
 *
 * <p>Op specs: ONNX Gather-13, Add/Sub/Mul-14, MatMul-13, LayerNormalization-17, Reshape-14,
 * Transpose-13, Softmax-13, Shape-15, Slice-13, Unsqueeze-13, ReduceSum-13, Cast-13, LSTM-14
 * (<a href="https://github.com/onnx/onnx/blob/main/docs/Operators.md">Operators.md</a>); ONNX Runtime
 * contrib ops Gelu and DynamicQuantizeMatMul
 * (<a href="https://github.com/microsoft/onnxruntime/blob/main/docs/ContribOperators.md">ContribOperators.md</a>).
 */
public final class OnnxExporter {
    /** Largest int8 weight magnitude (7-bit symmetric range; see the class comment). */
    static final int INT8_MAX = 64;
    /** Additive attention mask value of padding positions, as in {@code DjlTagger}. */
    private static final float MASKED = -10000f;
    private static final float LAYER_NORM_EPS = 1e-5f;
    private static final long IR_VERSION = 8;
    /** ONNX gate {@code g} (order i, o, f, c) is PyTorch/DJL gate {@code TORCH_GATE[g]} (order i, f, g, o). */
    private static final int[] TORCH_GATE = {0, 3, 1, 2};
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExporter() {
    }

    /**
     * Writes {@code modelDir/model.onnx} and {@code modelDir/crf.json} (each atomically), creating
     * the directory if needed.
     *
     * @param tagger   the trained model (its weights are read, not changed)
     * @param modelDir target directory
     * @param int8     quantise every Linear weight to int8 ({@code DynamicQuantizeMatMul}); else float32
     * @throws UserError when a file cannot be written
     * @throws IllegalArgumentException when the model holds parameters this exporter does not know
     */
    public static void export(DjlTagger tagger, Path modelDir, boolean int8) {
        export(tagger, modelDir, int8, INT8_MAX);
    }

    /**
     * The self-check of the graph just written to {@code modelDir}: ONNX Runtime's emissions for the probe
     * windows ({@link SelfCheck}), recorded for the model card. A float32 graph must also agree with the
     * DJL model it came from, on this host, within {@link SelfCheck#FP32_TOLERANCE}.
     *
     * @throws UserError when the float32 graph computes something else than the trained model
     */
    public static SelfCheck selfCheck(DjlTagger tagger, Path modelDir, Featurizer featurizer, boolean int8) {
        try (OnnxEmitter onnx = OnnxEmitter.load(modelDir, tagger.maxLength())) {
            SelfCheck check = SelfCheck.measure(onnx, featurizer, int8 ? SelfCheck.INT8_TOLERANCE : SelfCheck.FP32_TOLERANCE);
            if (!int8) {
                double d = SelfCheck.maxDifference(check.emissions(), tagger.emissions(check.windows()));
                if (!(d <= SelfCheck.FP32_TOLERANCE)) {
                    throw new UserError(String.format(java.util.Locale.ROOT, "the exported graph in %s disagrees with the"
                            + " trained model on this CPU by %.3g (tolerance %.3g)", modelDir, d, SelfCheck.FP32_TOLERANCE));
                }
            }
            return check;
        }
    }

    /** As {@link #export(DjlTagger, Path, boolean)} with the int8 weight range {@code [-int8Max, int8Max]}. */
    static void export(DjlTagger tagger, Path modelDir, boolean int8, int int8Max) {
        if (int8Max < 1 || int8Max > 127) {
            throw new IllegalArgumentException("int8 range must be in [1, 127]: " + int8Max);
        }
        OnnxMl.ModelProto model = new GraphWriter(tagger, int8, int8Max).write();
        Crf crf = tagger.crf();
        Map<String, Object> crfJson = new LinkedHashMap<>();
        crfJson.put("transitions", crf.transitions());
        crfJson.put("start", crf.start());
        crfJson.put("end", crf.end());
        try {
            ModelDir dir = new ModelDir(modelDir);
            dir.writeAtomically(ModelDir.GRAPH, model::writeTo);
            dir.writeAtomically(ModelDir.CRF, out -> JSON.writerWithDefaultPrettyPrinter()
                    .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, crfJson));
        } catch (IOException e) {
            throw new UserError("cannot write the ONNX model to " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** Builds the ModelProto for one tagger. */
    private static final class GraphWriter implements PerTokenInt8.Graph {
        private final EncoderConfig config;
        private final boolean int8;
        private final int int8Max;
        private final Map<String, float[]> weights = new HashMap<>();
        private final Map<String, long[]> shapes = new HashMap<>();
        private final Set<String> unused = new LinkedHashSet<>();
        private final Set<String> initialised = new LinkedHashSet<>();
        private final ONNXContext names = new ONNXContext();
        private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("company-ner-tagger");
        private int counter;

        GraphWriter(DjlTagger tagger, boolean int8, int int8Max) {
            this(tagger.block().config(), int8, int8Max);
            for (Pair<String, Parameter> p : tagger.parameters()) {
                // DJL prefixes a child block's parameters with its 2-digit child number ("05proj_weight").
                NDArray array = p.getValue().getArray();
                add(DjlTagger.baseName(p.getKey()), array.toFloatArray(), array.getShape().getShape());
            }
            // The CRF goes to crf.json (via DjlTagger.crf()), not into the graph.
            unused.removeAll(List.of("crfTransitions", "crfStart", "crfEnd"));
        }

        private GraphWriter(EncoderConfig config, boolean int8, int int8Max) {
            this.config = config;
            this.int8 = int8;
            this.int8Max = int8Max;
        }

        private void add(String key, float[] values, long[] shape) {
            weights.put(key, values);
            shapes.put(key, shape);
            unused.add(key);
        }

        /**
         * A graph of the BiLSTM alone, for parity tests: inputs {@code x} float {@code [batch, length, in]}
         * and {@code mask} float {@code [batch, length]}, output {@code y} {@code [batch, length, 2H]}.
         * {@code arrays} holds the LSTM parameters under their base names ({@code lstmFwd_l_0_i2h_WEIGHT}, ...).
         */
        static OnnxMl.ModelProto biLstmOnly(int hidden, Map<String, float[]> arrays, Map<String, long[]> arrayShapes) {
            EncoderConfig config = new EncoderConfig("lstm-only", 1, 0, 1, 1, 0, 0, 0, 8, 0f, false, hidden);
            GraphWriter w = new GraphWriter(config, false, INT8_MAX);
            arrays.forEach((k, v) -> w.add(k, v, arrayShapes.get(k)));
            long in = arrayShapes.get("lstmFwd_l_0_i2h_WEIGHT")[1];
            w.graph.addInput(valueInfo("x", OnnxMl.TensorProto.DataType.FLOAT, in));
            String mask = w.input("mask", OnnxMl.TensorProto.DataType.FLOAT);
            w.emit(OnnxOp.IDENTITY, "y", Map.of(), w.biLstm("x", mask));
            w.graph.addOutput(valueInfo("y", OnnxMl.TensorProto.DataType.FLOAT, 2L * hidden));
            return OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("company-ner")
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOp.OPSET))
                    .setGraph(w.graph).build();
        }

        OnnxMl.ModelProto write() {
            String chars = input("chars", OnnxMl.TensorProto.DataType.INT64);
            String left = input("bigram_left", OnnxMl.TensorProto.DataType.INT64);
            String right = input("bigram_right", OnnxMl.TensorProto.DataType.INT64);
            String mask = input("mask", OnnxMl.TensorProto.DataType.FLOAT);
            String lexicon = weights.containsKey("lexicon_embedding")
                    ? input("lexicon", OnnxMl.TensorProto.DataType.INT64) : null;

            String x = node(OnnxOp.GATHER, "char_emb", weight("char_embedding"), chars);
            if (weights.containsKey("bigram_embedding")) {
                String table = weight("bigram_embedding");
                x = node(OnnxOp.ADD, "emb", x, node(OnnxOp.GATHER, "bigram_left_emb", table, left));
                x = node(OnnxOp.ADD, "emb", x, node(OnnxOp.GATHER, "bigram_right_emb", table, right));
            }
            if (lexicon != null) {
                x = node(OnnxOp.ADD, "emb", x, node(OnnxOp.GATHER, "lexicon_emb", weight("lexicon_embedding"), lexicon));
            }
            if (weights.containsKey("positions")) {
                String length = node(OnnxOp.SHAPE, "length", Map.of("start", 1, "end", 2), chars); // [T]
                String pos = node(OnnxOp.SLICE, "positions", weight("positions"), int64("zero", new long[]{1}, 0),
                        length, int64("zero", new long[]{1}, 0));
                x = node(OnnxOp.ADD, "emb", x, pos);
            }
            x = layerNorm(x, "embNorm");
            x = linear(x, "proj", null);

            if (config.layers() > 0) {
                // (mask - 1) * 10000: 0 for real positions, -10000 for padding; [B, T] -> [B, 1, 1, T].
                String additive = node(OnnxOp.MUL, "mask_additive",
                        node(OnnxOp.SUB, "mask_minus_one", mask, floatScalar("one", 1f)), floatScalar("mask_scale", -MASKED));
                String mask4 = node(OnnxOp.UNSQUEEZE, "mask4", additive, int64("axes_1_2", new long[]{2}, 1, 2));
                for (int i = 0; i < config.layers(); i++) {
                    x = layer(x, mask4, "layer" + (config.shareLayers() ? 0 : i));
                }
                x = layerNorm(x, "finalNorm");
            }
            if (config.lstmHidden() > 0) {
                x = biLstm(x, mask);
            }
            linear(x, "emit", "emissions");

            graph.addOutput(valueInfo("emissions", OnnxMl.TensorProto.DataType.FLOAT, Tags.COUNT));
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException("the ONNX exporter does not know the model parameters " + unused);
            }
            OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .setProducerName("company-ner")
                    .setDocString("company-ner " + config.arch() + " tagger, " + (int8 ? "int8" : "fp32") + " weights")
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOp.OPSET))
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(OnnxOp.MICROSOFT).setVersion(1))
                    .setGraph(graph);
            meta(model, OnnxEmitter.META_MAX_POSITIONS, Integer.toString(config.maxPositions()));
            meta(model, "arch", config.arch());
            meta(model, "weights", int8 ? "int8" : "fp32");
            meta(model, "tags", "O,B,I");
            return model.build();
        }

        private String layer(String x, String mask4, String p) {
            int heads = config.heads();
            int dh = config.hidden() / heads;
            String h = layerNorm(x, p + "Norm1");
            String qkv = linear(h, p + "Qkv", null);
            qkv = node(OnnxOp.RESHAPE, p + "_qkv5", qkv, int64("shape_qkv", new long[]{5}, 0, 0, 3, heads, dh));
            qkv = node(OnnxOp.TRANSPOSE, p + "_qkvT", Map.of("perm", new int[]{2, 0, 3, 1, 4}), qkv); // [3,B,heads,T,dh]
            String q = node(OnnxOp.GATHER, p + "_q", Map.of("axis", 0), qkv, int64("idx0", new long[0], 0));
            String k = node(OnnxOp.GATHER, p + "_k", Map.of("axis", 0), qkv, int64("idx1", new long[0], 1));
            String v = node(OnnxOp.GATHER, p + "_v", Map.of("axis", 0), qkv, int64("idx2", new long[0], 2));
            String kT = node(OnnxOp.TRANSPOSE, p + "_kT", Map.of("perm", new int[]{0, 1, 3, 2}), k);
            String scores = node(OnnxOp.MATMUL, p + "_scores", q, kT);
            scores = node(OnnxOp.MUL, p + "_scaled", scores, floatScalar("attn_scale", (float) (1.0 / Math.sqrt(dh))));
            scores = node(OnnxOp.ADD, p + "_masked", scores, mask4);
            String attn = node(OnnxOp.SOFTMAX, p + "_attn", Map.of("axis", -1), scores);
            String ctx = node(OnnxOp.MATMUL, p + "_ctx", attn, v);                               // [B,heads,T,dh]
            ctx = node(OnnxOp.TRANSPOSE, p + "_ctxT", Map.of("perm", new int[]{0, 2, 1, 3}), ctx); // [B,T,heads,dh]
            ctx = node(OnnxOp.RESHAPE, p + "_ctx3", ctx, int64("shape_hidden", new long[]{3}, 0, 0, config.hidden()));
            x = node(OnnxOp.ADD, p + "_res1", x, linear(ctx, p + "Out", null));
            h = layerNorm(x, p + "Norm2");
            h = node(OnnxOp.GELU, p + "_gelu", linear(h, p + "Ff1", null));
            return node(OnnxOp.ADD, p + "_res2", x, linear(h, p + "Ff2", null));
        }

        /** The BiLSTM of {@code lstmFwd} and {@code lstmBwd} on {@code x [B, T, in]}: {@code [B, T, 2H]}. */
        private String biLstm(String x, String mask) {
            int h = config.lstmHidden();
            long[] inShape = shapes.get("lstmFwd_l_0_i2h_WEIGHT");
            if (inShape == null || inShape.length != 2 || inShape[0] != 4L * h) {
                throw new IllegalArgumentException("no LSTM weight lstmFwd_l_0_i2h_WEIGHT [" + 4 * h + ", in]");
            }
            int in = (int) inShape[1];
            float[] w = new float[2 * 4 * h * in];
            float[] r = new float[2 * 4 * h * h];
            float[] b = new float[2 * 8 * h];
            String[] directions = {"lstmFwd", "lstmBwd"};
            for (int d = 0; d < 2; d++) {
                String p = directions[d] + "_l_0_";
                reorderGates(take(p + "i2h_WEIGHT", 4L * h, in), h, in, w, d * 4 * h * in);
                reorderGates(take(p + "h2h_WEIGHT", 4L * h, h), h, h, r, d * 4 * h * h);
                reorderGates(take(p + "i2h_BIAS", 4L * h), h, 1, b, d * 8 * h);
                reorderGates(take(p + "h2h_BIAS", 4L * h), h, 1, b, d * 8 * h + 4 * h);
            }
            String wName = initializer("lstm_W", OnnxMl.TensorProto.DataType.FLOAT, new long[]{2, 4L * h, in}, floats(w));
            String rName = initializer("lstm_R", OnnxMl.TensorProto.DataType.FLOAT, new long[]{2, 4L * h, h}, floats(r));
            String bName = initializer("lstm_B", OnnxMl.TensorProto.DataType.FLOAT, new long[]{2, 8L * h}, floats(b));
            // real positions per row: the mask is 1 on a prefix of each row, so its sum is the length
            String count = node(OnnxOp.REDUCE_SUM, "mask_count", Map.of("keepdims", 0),
                    mask, int64("axis_1", new long[]{1}, 1));
            String lengths = node(OnnxOp.CAST, "lstm_lengths",
                    Map.of("to", OnnxMl.TensorProto.DataType.INT32.getNumber()), count);     // int32 [B]
            String xt = node(OnnxOp.TRANSPOSE, "lstm_in", Map.of("perm", new int[]{1, 0, 2}), x); // [T, B, in]
            String y = node(OnnxOp.LSTM, "lstm", Map.of("hidden_size", h, "direction", "bidirectional"),
                    xt, wName, rName, bName, lengths);                                          // [T, 2, B, H]
            y = node(OnnxOp.TRANSPOSE, "lstm_outT", Map.of("perm", new int[]{2, 0, 1, 3}), y); // [B, T, 2, H]
            return node(OnnxOp.RESHAPE, "lstm_out", y, int64("shape_lstm", new long[]{3}, 0, 0, 2L * h));
        }

        /** The model parameter {@code key}, checked to have {@code shape}; marked as used. */
        private float[] take(String key, long... shape) {
            float[] v = weights.get(key);
            if (v == null || !Arrays.equals(shapes.get(key), shape)) {
                throw new IllegalArgumentException("the model has no parameter " + key + " of shape "
                        + Arrays.toString(shape));
            }
            unused.remove(key);
            return v;
        }

        /**
         * Copies the four gate blocks ({@code h} rows of {@code cols} each) of a PyTorch-ordered LSTM
         * array into {@code dst} at {@code offset} in ONNX gate order.
         */
        private static void reorderGates(float[] src, int h, int cols, float[] dst, int offset) {
            int block = h * cols;
            for (int g = 0; g < 4; g++) {
                System.arraycopy(src, TORCH_GATE[g] * block, dst, offset + g * block, block);
            }
        }

        private String layerNorm(String x, String p) {
            return node(OnnxOp.LAYER_NORMALIZATION, p, Map.of("axis", -1, "epsilon", LAYER_NORM_EPS),
                    x, weight(p + "_gamma"), weight(p + "_beta"));
        }

        /** {@code x · Wᵀ + b} for DJL's Linear {@code p} (weight [out, in]); output named {@code out} if given. */
        private String linear(String x, String p, String out) {
            String wKey = p + "_weight";
            long[] shape = shapes.get(wKey);
            if (shape == null || shape.length != 2) {
                throw new IllegalArgumentException("no Linear weight " + wKey);
            }
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            float[] w = weights.get(wKey);
            unused.remove(wKey);
            String bias = weight(p + "_bias");
            String name = out != null ? out : unique(p);
            if (int8) {
                byte[] q = new byte[rows * cols];   // [in, out]
                float[] scale = new float[rows];
                for (int o = 0; o < rows; o++) {
                    float max = 0;
                    for (int i = 0; i < cols; i++) {
                        max = Math.max(max, Math.abs(w[o * cols + i]));
                    }
                    float s = max > 0 ? max / int8Max : 1f;
                    scale[o] = s;
                    for (int i = 0; i < cols; i++) {
                        int v = Math.round(w[o * cols + i] / s);
                        q[i * rows + o] = (byte) Math.max(-int8Max, Math.min(int8Max, v));
                    }
                }
                String b = initializer(p + "_weight_int8", OnnxMl.TensorProto.DataType.INT8, new long[]{cols, rows}, q);
                String s = initializer(p + "_weight_scale", OnnxMl.TensorProto.DataType.FLOAT, new long[]{rows}, floats(scale));
                return PerTokenInt8.matMul(this, p, x, b, s, bias, name);
            }
            float[] t = new float[rows * cols];
            for (int o = 0; o < rows; o++) {
                for (int i = 0; i < cols; i++) {
                    t[i * rows + o] = w[o * cols + i];
                }
            }
            String wt = initializer(p + "_weight_t", OnnxMl.TensorProto.DataType.FLOAT, new long[]{cols, rows}, floats(t));
            return emit(OnnxOp.ADD, name, Map.of(), node(OnnxOp.MATMUL, p + "_matmul", x, wt), bias);
        }

        private String node(OnnxOp op, String hint, String... inputs) {
            return node(op, hint, Map.of(), inputs);
        }

        @Override
        public String node(OnnxOp op, String hint, Map<String, Object> attributes, String... inputs) {
            return emit(op, unique(hint), attributes, inputs);
        }

        @Override
        public String emit(OnnxOp op, String output, Map<String, Object> attributes, String... inputs) {
            graph.addNode(op.build(names, inputs, new String[]{output}, attributes));
            return output;
        }

        private String unique(String hint) {
            return hint + "_" + counter++;
        }

        /** The model parameter {@code key} as a float initializer of its own shape (added once). */
        private String weight(String key) {
            float[] w = weights.get(key);
            if (w == null) {
                throw new IllegalArgumentException("the model has no parameter " + key);
            }
            unused.remove(key);
            return initializer(key, OnnxMl.TensorProto.DataType.FLOAT, shapes.get(key), floats(w));
        }

        @Override
        public String floatScalar(String name, float value) {
            return initializer(name, OnnxMl.TensorProto.DataType.FLOAT, new long[0], floats(new float[]{value}));
        }

        @Override
        public String uint8Scalar(String name, int value) {
            return initializer(name, OnnxMl.TensorProto.DataType.UINT8, new long[0], new byte[]{(byte) value});
        }

        @Override
        public String int64Vector(String name, long... values) {
            return int64(name, new long[]{values.length}, values);
        }

        /** An int64 constant; names are shared, so equal names must mean equal values. */
        private String int64(String name, long[] dims, long... values) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                buf.putLong(v);
            }
            return initializer(name, OnnxMl.TensorProto.DataType.INT64, dims, buf.array());
        }

        private String initializer(String name, OnnxMl.TensorProto.DataType type, long[] dims, byte[] raw) {
            if (initialised.add(name)) {
                OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
                for (long d : dims) {
                    t.addDims(d);
                }
                graph.addInitializer(t.setRawData(ByteString.copyFrom(raw)));
            }
            return name;
        }

        private static byte[] floats(float[] values) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            return buf.array();
        }

        private String input(String name, OnnxMl.TensorProto.DataType type) {
            graph.addInput(valueInfo(name, type));
            return name;
        }

        /** A tensor of {@code [batch, length, fixed...]} with symbolic batch and length. */
        private static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, long... fixed) {
            OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("length"));
            for (long d : fixed) {
                shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                    .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                            .setElemType(type.getNumber()).setShape(shape)))
                    .build();
        }

        private static void meta(OnnxMl.ModelProto.Builder model, String key, String value) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
        }
    }

    /** For tests: the BiLSTM alone as a graph ({@code x}, {@code mask} → {@code y}); see {@code GraphWriter.biLstmOnly}. */
    static OnnxMl.ModelProto biLstmOnly(int hidden, Map<String, float[]> arrays, Map<String, long[]> shapes) {
        return GraphWriter.biLstmOnly(hidden, arrays, shapes);
    }

    /** For tests: the op types of an exported graph, in node order. */
    static List<String> opTypes(Path modelFile) throws IOException {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(modelFile)).getGraph().getNodeList().stream()
                .map(n -> (n.getDomain().isEmpty() ? "" : n.getDomain() + ".") + n.getOpType()).toList();
    }
}
