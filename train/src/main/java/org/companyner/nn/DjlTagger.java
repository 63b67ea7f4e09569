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
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;
import org.companyner.runtime.Crf;
import org.companyner.runtime.Emitter;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelCard;
import org.companyner.text.Tags;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link TaggerBlock} with its own NDManager: the DJL implementation of {@link Emitter}. */
public final class DjlTagger implements Emitter {
    public static final String PARAMS = "params.ndl";
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
            tagger.loadParameters(dir.resolve(PARAMS));
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
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (NDManager m = manager.newSubManager(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : parameters()) {
                NDArray a = p.getValue().getArray().toType(half ? DataType.FLOAT16 : DataType.FLOAT32, true);
                a.attach(m);
                a.setName(p.getKey());
                list.add(a);
            }
            list.encode(out);
        }
        ModelCard.moveAtomically(tmp, file);
    }

    /** Reads parameters written by {@link #saveParameters}; names and shapes must match this model. */
    public void loadParameters(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("model file missing: " + file);
        }
        try (NDManager m = manager.newSubManager(); InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list;
            try {
                list = NDList.decode(m, in);
            } catch (RuntimeException e) {
                throw new UserError("model file corrupt: " + file);
            }
            List<Pair<String, Parameter>> params = parameters();
            if (list.size() != params.size()) {
                throw new UserError("model file " + file + " has " + list.size() + " arrays, the model needs " + params.size());
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray a = list.get(i);
                NDArray target = params.get(i).getValue().getArray();
                if (!params.get(i).getKey().equals(a.getName()) || !target.getShape().equals(a.getShape())) {
                    throw new UserError("model file " + file + " does not fit the model: " + a.getName() + " " + a.getShape());
                }
                target.set(a.toType(DataType.FLOAT32, false).toFloatArray());
            }
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
