package org.companyner.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.text.Tags;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link Emitter} on ONNX Runtime: runs the graph written by the training module's
 * {@code org.companyner.export.OnnxExporter} ({@value ModelDir#GRAPH}) and decodes with the CRF parameters
 * from {@value ModelDir#CRF}. No DJL or PyTorch at serving time.
 *
 * <p>Graph contract: int64 inputs {@code chars}, {@code bigram_left}, {@code bigram_right}
 * (and {@code lexicon} when the model uses gazetteer features), each {@code [batch, length]}, a float
 * input {@code mask} {@code [batch, length]} (1 = real position, 0 = padding) and the float output
 * {@code emissions} {@code [batch, length, 3]}. Only the inputs the graph declares are fed.
 *
 * <p>Session: intra-op threads as given (default {@value #DEFAULT_THREADS}), inter-op 1,
 * {@code ALL_OPT} graph optimisation and {@code session.intra_op.allow_spinning = 0}, so that
 * idle worker threads do not spin on cores shared with other work
 * (<a href="https://onnxruntime.ai/docs/performance/tune-performance/threading.html">ORT threading</a>).
 * Runs are thread-safe (ORT sessions allow concurrent {@code run} calls).
 */
public final class OnnxEmitter implements Emitter {
    /** Graph metadata key holding the model's number of learned positions. */
    public static final String META_MAX_POSITIONS = "max_positions";
    /** Default intra-op threads. */
    public static final int DEFAULT_THREADS = 2;

    private static final String OUTPUT = "emissions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Set<String> inputs;
    private final Crf crf;
    private final int maxLength;

    private OnnxEmitter(OrtEnvironment env, OrtSession session, Set<String> inputs, Crf crf, int maxLength) {
        this.env = env;
        this.session = session;
        this.inputs = inputs;
        this.crf = crf;
        this.maxLength = maxLength;
    }

    /** {@link #load(Path, int, int)} with {@value #DEFAULT_THREADS} intra-op threads. */
    public static OnnxEmitter load(Path modelDir, int maxLength) {
        return load(modelDir, maxLength, DEFAULT_THREADS);
    }

    /**
     * Opens {@code modelDir/model.onnx} and reads {@code modelDir/crf.json}.
     *
     * @param maxLength      longest window to accept; at most the model's learned positions
     *                       (recorded in the graph); {@code <= 0} takes the model's value
     * @param intraOpThreads ONNX Runtime intra-op threads (≥ 1)
     * @throws UserError naming the file when model.onnx or crf.json is missing, unreadable or not a tagger
     */
    public static OnnxEmitter load(Path modelDir, int maxLength, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1: " + intraOpThreads);
        }
        Path modelFile = modelDir.resolve(ModelDir.GRAPH);
        Path crfFile = modelDir.resolve(ModelDir.CRF);
        if (!Files.isRegularFile(modelFile)) {
            throw new UserError("model file missing: " + modelFile);
        }
        Crf crf = readCrf(crfFile);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String profile = System.getProperty("companyner.ort.profile");
            if (profile != null) { // per-node timings for performance work: a Chrome-trace JSON
                options.enableProfiling(profile);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", System.getProperty("companyner.ort.spinning", "0"));
            session = env.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new UserError("model file corrupt or unreadable: " + modelFile + " (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            Set<String> inputs = session.getInputNames();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!inputs.contains("chars") || !inputs.contains("mask") || !outputs.containsKey(OUTPUT)) {
                throw new UserError("model file " + modelFile + " is not a company-ner tagger (inputs " + inputs
                        + ", outputs " + outputs.keySet() + ")");
            }
            int positions = positions(session, modelFile);
            int length = maxLength > 0 ? maxLength : positions;
            if (length <= 0) {
                throw new UserError("model file " + modelFile + " does not record its positions; give the window length");
            }
            if (positions > 0 && length > positions) {
                throw new UserError("window length " + length + " exceeds the " + positions
                        + " positions of the model " + modelFile);
            }
            return new OnnxEmitter(env, session, inputs, crf, length);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof UserError u) {
                throw u;
            }
            throw new UserError("model file unreadable: " + modelFile + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static int positions(OrtSession session, Path modelFile) throws OrtException {
        String value = session.getMetadata().getCustomMetadata().get(META_MAX_POSITIONS);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UserError("model file " + modelFile + " has a bad " + META_MAX_POSITIONS + ": " + value);
        }
    }

    private static Crf readCrf(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("CRF file missing: " + file);
        }
        CrfJson json;
        try {
            json = JSON.readValue(file.toFile(), CrfJson.class);
        } catch (IOException | RuntimeException e) {
            throw new UserError("CRF file corrupt: " + file + " (" + firstLine(e.getMessage()) + ")", e);
        }
        int n = Tags.COUNT;
        boolean ok = json != null && json.transitions() != null && json.start() != null && json.end() != null
                && json.transitions().length == n && json.start().length == n && json.end().length == n;
        if (ok) {
            for (float[] row : json.transitions()) {
                ok &= row != null && row.length == n;
            }
        }
        if (!ok) {
            throw new UserError("CRF file corrupt: " + file + " (needs transitions " + n + "x" + n
                    + ", start " + n + ", end " + n + ")");
        }
        return new Crf(json.transitions(), json.start(), json.end());
    }

    /** The layout of {@value ModelDir#CRF}. */
    private record CrfJson(float[][] transitions, float[] start, float[] end) {
    }

    @Override
    public List<float[][]> emissions(List<Features> batch) {
        List<float[][]> result = new ArrayList<>(batch.size());
        int b = batch.size();
        int t = batch.stream().mapToInt(Features::length).max().orElse(0);
        if (t > maxLength) {
            throw new IllegalArgumentException("window of " + t + " positions exceeds the model's " + maxLength);
        }
        if (t == 0) {
            batch.forEach(f -> result.add(new float[0][Tags.COUNT]));
            return result;
        }
        long[] shape = {b, t};
        float[] mask = new float[b * t];
        for (int s = 0; s < b; s++) {
            java.util.Arrays.fill(mask, s * t, s * t + batch.get(s).length(), 1f);
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("mask", OnnxTensor.createTensor(env, FloatBuffer.wrap(mask), shape));
            feedIds(feed, "chars", batch, Features::chars, shape);
            feedIds(feed, "bigram_left", batch, Features::bigramLeft, shape);
            feedIds(feed, "bigram_right", batch, Features::bigramRight, shape);
            feedIds(feed, "lexicon", batch, Features::lexicon, shape);
            float[] flat;
            try (OrtSession.Result out = session.run(feed)) {
                OnnxValue value = out.get(OUTPUT).orElseThrow(() -> new IllegalStateException("no " + OUTPUT + " output"));
                FloatBuffer buf = ((OnnxTensor) value).getFloatBuffer();
                flat = new float[buf.remaining()];
                buf.get(flat);
            }
            if (flat.length != b * t * Tags.COUNT) {
                throw new IllegalStateException("emissions have " + flat.length + " values, expected " + b * t * Tags.COUNT);
            }
            for (int s = 0; s < b; s++) {
                float[][] e = new float[batch.get(s).length()][Tags.COUNT];
                for (int i = 0; i < e.length; i++) {
                    System.arraycopy(flat, (s * t + i) * Tags.COUNT, e[i], 0, Tags.COUNT);
                }
                result.add(e);
            }
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private void feedIds(Map<String, OnnxTensor> feed, String name, List<Features> batch,
                         Function<Features, int[]> ids, long[] shape) throws OrtException {
        if (!inputs.contains(name)) {
            return;
        }
        int t = (int) shape[1];
        long[] flat = new long[batch.size() * t]; // padding id 0, as in training
        for (int s = 0; s < batch.size(); s++) {
            int[] row = ids.apply(batch.get(s));
            for (int i = 0; i < row.length; i++) {
                flat[s * t + i] = row[i];
            }
        }
        feed.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape));
    }

    /** The CRF parameters of {@value ModelDir#CRF} (a fresh copy on each call). */
    @Override
    public Crf crf() {
        float[][] trans = new float[crf.transitions().length][];
        for (int i = 0; i < trans.length; i++) {
            trans[i] = crf.transitions()[i].clone();
        }
        return new Crf(trans, crf.start().clone(), crf.end().clone());
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to release that the caller could act on
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
