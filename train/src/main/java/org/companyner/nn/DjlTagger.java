package org.companyner.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.companyner.model.EncoderConfig;
import org.companyner.runtime.Crf;
import org.companyner.runtime.Emitter;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Tags;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link TaggerBlock} with its own NDManager: the DJL implementation of {@link Emitter}. */
public final class DjlTagger implements Emitter {
    static final float MASKED = -10000f;

    private final NDManager manager;
    private final TaggerBlock block;

    private DjlTagger(NDManager manager, TaggerBlock block) {
        this.manager = manager;
        this.block = block;
    }

    /** A freshly initialised model (random weights) with the given shape. */
    public static DjlTagger create(EncoderConfig config) {
        NDManager manager = NDManager.newBaseManager();
        TaggerBlock block = new TaggerBlock(config);
        Shape ids = new Shape(1, 8);
        block.initialize(manager, DataType.FLOAT32, ids, ids, ids, new Shape(1, 1, 1, 8), ids);
        return new DjlTagger(manager, block);
    }

    /** Loads the parameters of the model in {@code dir} (its card already verified). */
    public static DjlTagger load(Path dir, ModelCard card) {
        DjlTagger tagger = create(card.config());
        try {
            tagger.loadParameters(new ModelDir(dir).params());
        } catch (RuntimeException e) {
            tagger.close();
            throw e;
        }
        return tagger;
    }

    public TaggerBlock block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * A parameter's name without DJL's child-block number ({@code "22emit_weight"} → {@code "emit_weight"}):
     * stable across presets that add or drop inputs, so pretrained arrays can be matched by it.
     */
    public static String baseName(String key) {
        return key.replaceFirst("^\\d+", "");
    }

    /** Whether the parameter belongs to the emission head or the CRF rather than the encoder. */
    public static boolean isHead(String key) {
        String base = baseName(key);
        return base.startsWith("emit") || base.startsWith("crf");
    }

    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        block.getParameters().forEach(out::add);
        return out;
    }

    /** Batch inputs: char, left- and right-bigram ids {@code [B, T]}, the additive mask {@code [B, 1, 1, T]}, lexicon ids {@code [B, T]}. */
    public static NDList inputs(NDManager m, List<Features> batch) {
        int b = batch.size();
        int t = batch.stream().mapToInt(Features::length).max().orElse(1);
        int[] c = new int[b * t];
        int[] l = new int[b * t];
        int[] r = new int[b * t];
        int[] lex = new int[b * t];
        float[] mask = new float[b * t];
        for (int s = 0; s < b; s++) {
            Features f = batch.get(s);
            System.arraycopy(f.chars(), 0, c, s * t, f.length());
            System.arraycopy(f.bigramLeft(), 0, l, s * t, f.length());
            System.arraycopy(f.bigramRight(), 0, r, s * t, f.length());
            System.arraycopy(f.lexicon(), 0, lex, s * t, f.length());
            for (int i = f.length(); i < t; i++) {
                mask[s * t + i] = MASKED;
            }
        }
        Shape shape = new Shape(b, t);
        return new NDList(m.create(c, shape), m.create(l, shape), m.create(r, shape),
                m.create(mask, new Shape(b, 1, 1, t)), m.create(lex, shape));
    }

    @Override
    public List<float[][]> emissions(List<Features> batch) {
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray out = block.forward(ps, inputs(m, batch), false).singletonOrThrow();
            int t = (int) out.getShape().get(1);
            float[] flat = out.toFloatArray();
            List<float[][]> result = new ArrayList<>(batch.size());
            for (int s = 0; s < batch.size(); s++) {
                float[][] e = new float[batch.get(s).length()][Tags.COUNT];
                for (int i = 0; i < e.length; i++) {
                    System.arraycopy(flat, (s * t + i) * Tags.COUNT, e[i], 0, Tags.COUNT);
                }
                result.add(e);
            }
            return result;
        }
    }

    @Override
    public Crf crf() {
        try (NDManager m = manager.newSubManager()) {
            NDList p = block.crfParameters(new ParameterStore(m, false), Device.cpu(), false);
            float[] flat = p.get(0).toFloatArray();
            float[][] trans = new float[Tags.COUNT][Tags.COUNT];
            for (int i = 0; i < Tags.COUNT; i++) {
                System.arraycopy(flat, i * Tags.COUNT, trans[i], 0, Tags.COUNT);
            }
            return new Crf(trans, p.get(1).toFloatArray(), p.get(2).toFloatArray());
        }
    }

    @Override
    public int maxLength() {
        return block.config().maxPositions();
    }

    /** Writes every parameter, named, as float32 or float16, atomically. */
    public void saveParameters(Path file, boolean half) throws IOException {
        ParamFiles.save(manager, parameters(), file, half);
    }

    /** Reads parameters written by {@link #saveParameters}; names and shapes must match this model. */
    public void loadParameters(Path file) {
        ParamFiles.load(manager, parameters(), file);
    }

    /** Copies the arrays of a pretrained encoder whose names and shapes match; returns the names copied. */
    public List<String> loadMatching(Path file) {
        return ParamFiles.loadMatching(manager, parameters(), file);
    }

    @Override
    public void close() {
        manager.close();
    }
}
