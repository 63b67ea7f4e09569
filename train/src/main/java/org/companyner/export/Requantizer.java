package org.companyner.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import org.companyner.UserError;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.SelfCheck;
import org.tribuo.util.onnx.ONNXContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the int8 graph of an exported model whose Linears are ONNX Runtime
 * {@code DynamicQuantizeMatMul} nodes (exports before 2026-12-02: one activation scale per batch, so an
 * article's result depended on its batch) into a new model directory, keeping every weight:
 * {@link Mode#PER_TOKEN} writes each Linear as {@link PerTokenInt8} (same int8 weights, one activation
 * scale per token), {@link Mode#FLOAT} as a float32 MatMul on the dequantised weights. No retraining and
 * no DJL parameters are needed, so shipped models that have only their graph can be repaired.
 */
public final class Requantizer {
    /** What each quantised Linear becomes. */
    public enum Mode { PER_TOKEN, FLOAT }

    /** The op the old exports wrote for every int8 Linear. */
    private static final String DQMM = OnnxOp.DYNAMIC_QUANTIZE_MATMUL.getOpName();

    private Requantizer() {
    }

    /**
     * Writes {@code to} from the model in {@code from} (vocabularies, lexicon and CRF copied; graph
     * rewritten; card updated with new checksums and a fresh {@link SelfCheck}).
     *
     * @throws UserError when {@code from} is not a model with a DynamicQuantizeMatMul graph, or files cannot be written
     */
    public static ModelCard requantize(Path from, Path to, Mode mode) throws IOException {
        ModelDir source = new ModelDir(from);
        ModelCard card = source.verify();
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            throw new UserError("--requantize needs a different output directory than " + from);
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(source.graph()));
        } catch (IOException e) {
            throw new UserError("cannot read " + source.graph() + ": " + e.getMessage());
        }
        OnnxMl.ModelProto rewritten = rewrite(model, mode);
        ModelDir target = new ModelDir(to);
        Files.createDirectories(to);
        for (String f : card.files().keySet()) { // the same files, params included when the source kept them
            if (f.equals(ModelDir.GRAPH)) {
                target.writeAtomically(f, rewritten::writeTo);
            } else {
                Files.copy(source.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Map<String, String> sums = target.checksums(card.files().keySet());
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put("onnx_weights", mode == Mode.PER_TOKEN
                ? "int8 (per-channel symmetric weights, per-token symmetric activations, MatMulIntegerToFloat)"
                : "fp32 (dequantised from the int8 weights)");
        training.put("requantized_from", from.toString());
        ModelCard out = new ModelCard(card.name(), card.config(), sums, training, card.metrics());
        SelfCheck check; // reads the graph and vocabularies just written, not the card
        try (OnnxEmitter onnx = OnnxEmitter.load(to, card.config().maxPositions())) {
            check = SelfCheck.measure(onnx, Featurizer.load(to, card.config().lexicon()),
                    mode == Mode.PER_TOKEN ? SelfCheck.INT8_TOLERANCE : SelfCheck.FP32_TOLERANCE);
        }
        out = out.withSelfCheck(check);
        target.save(out);
        return out;
    }

    /** The graph with every DynamicQuantizeMatMul replaced; other nodes and initializers kept in order. */
    static OnnxMl.ModelProto rewrite(OnnxMl.ModelProto model, Mode mode) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.TensorProto> inits = new HashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            inits.put(t.getName(), t);
        }
        if (graph.getNodeList().stream().noneMatch(n -> n.getOpType().equals(DQMM))) {
            throw new UserError("the model's graph has no " + DQMM + " nodes: nothing to requantize");
        }
        Writer w = new Writer(graph.toBuilder().clearNode());
        Set<String> dropped = new HashSet<>();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (!n.getOpType().equals(DQMM)) {
                w.graph.addNode(n);
                continue;
            }
            // inputs: A, B int8 [in, out], b_scale [out], b_zero_point (zeros, symmetric), bias [out]
            if (n.getInputCount() != 5 || !isZero(inits.get(n.getInput(3)))) {
                throw new UserError("unexpected " + DQMM + " node " + n.getName() + ": expected symmetric int8 weights with a bias");
            }
            String x = n.getInput(0);
            String weight = n.getInput(1);
            String scale = n.getInput(2);
            String bias = n.getInput(4);
            String out = n.getOutput(0);
            dropped.add(n.getInput(3));
            if (mode == Mode.PER_TOKEN) {
                PerTokenInt8.matMul(w, out, x, weight, scale, bias, out);
            } else {
                String fw = w.floatWeight(weight + "_fp32", inits.get(weight), inits.get(scale));
                dropped.add(weight);
                dropped.add(scale);
                w.emit(OnnxOp.ADD, out, Map.of(), w.node(OnnxOp.MATMUL, out + "_matmul", Map.of(), x, fw), bias);
            }
        }
        List<OnnxMl.TensorProto> kept = new ArrayList<>();
        for (OnnxMl.TensorProto t : w.graph.getInitializerList()) {
            if (!dropped.contains(t.getName())) {
                kept.add(t);
            }
        }
        w.graph.clearInitializer().addAllInitializer(kept);
        return model.toBuilder().setGraph(w.graph).build();
    }

    private static boolean isZero(OnnxMl.TensorProto t) {
        if (t == null) {
            return false;
        }
        for (byte b : t.getRawData().toByteArray()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Appends nodes and constants to a graph under rewrite. */
    private static final class Writer implements PerTokenInt8.Graph {
        final OnnxMl.GraphProto.Builder graph;
        private final ONNXContext names = new ONNXContext();
        private final Set<String> constants = new HashSet<>();
        private int counter;

        Writer(OnnxMl.GraphProto.Builder graph) {
            this.graph = graph;
            graph.getInitializerList().forEach(t -> constants.add(t.getName()));
        }

        @Override
        public String node(OnnxOp op, String hint, Map<String, Object> attributes, String... inputs) {
            return emit(op, hint + "_rq" + counter++, attributes, inputs);
        }

        @Override
        public String emit(OnnxOp op, String output, Map<String, Object> attributes, String... inputs) {
            // node names must be unique in the graph: name each new node after its (unique) output
            graph.addNode(op.build(names, inputs, new String[]{output}, attributes).toBuilder().setName("rq_" + output));
            return output;
        }

        @Override
        public String floatScalar(String name, float value) {
            return constant(name, OnnxMl.TensorProto.DataType.FLOAT, new long[0],
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
        }

        @Override
        public String uint8Scalar(String name, int value) {
            return constant(name, OnnxMl.TensorProto.DataType.UINT8, new long[0], new byte[]{(byte) value});
        }

        @Override
        public String int64Vector(String name, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putLong(v);
            }
            return constant(name, OnnxMl.TensorProto.DataType.INT64, new long[]{values.length}, b.array());
        }

        /** A constant initializer, added once per name. */
        private String constant(String name, OnnxMl.TensorProto.DataType type, long[] dims, byte[] raw) {
            if (constants.add(name)) {
                OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
                for (long d : dims) {
                    t.addDims(d);
                }
                graph.addInitializer(t.setRawData(ByteString.copyFrom(raw)));
            }
            return name;
        }

        /** int8 {@code [in, out]} × scale {@code [out]} as a float initializer {@code [in, out]}. */
        String floatWeight(String name, OnnxMl.TensorProto q, OnnxMl.TensorProto scale) {
            byte[] raw = q.getRawData().toByteArray();
            int out = (int) q.getDims(1);
            ByteBuffer s = scale.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer f = ByteBuffer.allocate(raw.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < raw.length; i++) {
                f.putFloat(raw[i] * s.getFloat((i % out) * 4));
            }
            graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                    .addAllDims(q.getDimsList()).setRawData(ByteString.copyFrom(f.array())));
            return name;
        }
    }
}
