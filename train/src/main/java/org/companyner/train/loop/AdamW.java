package org.companyner.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * AdamW (Loshchilov and Hutter 2019) with two learning-rate groups (encoder, and head + CRF) and
 * global-norm gradient clipping (DJL's own clipping is element-wise only). Updates run in place,
 * outside autograd; the moment estimates can be saved and restored for {@code --resume}.
 */
public final class AdamW {
    /** The optimiser state file in a checkpoint folder. */
    public static final String FILE = "optimizer.ndl";
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final List<Pair<String, Parameter>> params;
    private final Predicate<String> isHead;
    private final Predicate<String> decays;
    private final float weightDecay;
    private final NDManager manager;
    private final NDArray[] m;
    private final NDArray[] v;
    private long t;

    public AdamW(NDManager parent, List<Pair<String, Parameter>> params, Predicate<String> isHead,
          Predicate<String> decays, float weightDecay) {
        this.params = params;
        this.isHead = isHead;
        this.decays = decays;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        this.m = new NDArray[params.size()];
        this.v = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getValue().getArray();
            m[i] = manager.zeros(w.getShape());
            v[i] = manager.zeros(w.getShape());
        }
    }

    long steps() {
        return t;
    }

    /** Scales all gradients so that their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public double clipGlobalNorm(double maxNorm) {
        double sq = 0;
        for (Pair<String, Parameter> p : params) {
            try (NDArray g = p.getValue().getArray().getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float c = (float) (maxNorm / (norm + 1e-6));
            for (Pair<String, Parameter> p : params) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    g.muli(c);
                }
            }
        }
        return norm;
    }

    /** One update with learning rates {@code lr} (encoder) and {@code headLr} (emission head and CRF). */
    public void step(float lr, float headLr) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).getKey();
            float rate = isHead.test(name) ? headLr : lr;
            NDArray w = params.get(i).getValue().getArray();
            try (NDArray g = w.getGradient(); NDArray g1 = g.mul(1 - BETA1); NDArray g2 = g.square()) {
                m[i].muli(BETA1).addi(g1);
                g2.muli(1 - BETA2);
                v[i].muli(BETA2).addi(g2);
            }
            try (NDArray denom = v[i].sqrt()) {
                denom.divi((float) Math.sqrt(bc2)).addi(EPS);
                try (NDArray update = m[i].div(denom)) {
                    update.muli((float) (rate / bc1));
                    if (decays.test(name) && weightDecay > 0) {
                        w.muli(1 - rate * weightDecay);
                    }
                    w.subi(update);
                }
            }
        }
    }

    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        NDList list = new NDList();
        list.add(manager.create(new long[]{t}));
        for (int i = 0; i < m.length; i++) {
            list.add(m[i]);
            list.add(v[i]);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            list.encode(out);
        }
        list.get(0).close();
        AtomicFiles.moveAtomically(tmp, file);
    }

    /** Reads the state {@link #save} wrote; a missing, damaged or foreign file is the user's error, naming it. */
    public void load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("optimizer state missing: " + file);
        }
        try (NDManager tmp = manager.newSubManager(); InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list;
            try {
                list = NDList.decode(tmp, in);
            } catch (RuntimeException e) {
                throw new UserError("optimizer state " + file + " is truncated or corrupt: it does not decode as arrays");
            }
            if (list.size() != 1 + 2 * m.length) {
                throw new UserError("optimizer state " + file + " has " + list.size() + " arrays, the model needs "
                        + (1 + 2 * m.length) + ": it belongs to another model");
            }
            for (int i = 0; i < m.length; i++) {
                if (!list.get(1 + 2 * i).getShape().equals(m[i].getShape())
                        || !list.get(2 + 2 * i).getShape().equals(v[i].getShape())) {
                    throw new UserError("optimizer state " + file + " does not fit the model: "
                            + params.get(i).getKey() + " is " + m[i].getShape() + ", the file has " + list.get(1 + 2 * i).getShape());
                }
            }
            t = list.get(0).getLong();
            for (int i = 0; i < m.length; i++) {
                m[i].set(list.get(1 + 2 * i).toFloatArray());
                v[i].set(list.get(2 + 2 * i).toFloatArray());
            }
        }
    }
}
