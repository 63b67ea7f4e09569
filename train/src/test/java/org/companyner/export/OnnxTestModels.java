package org.companyner.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.companyner.lexicon.Gazetteer;
import org.companyner.model.EncoderConfig;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Features;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random models and batches for the ONNX tests. */
final class OnnxTestModels {
    private OnnxTestModels() {
    }

    /**
     * A tagger whose weights are redrawn at a scale that makes every part of the graph matter
     * (DJL's N(0, 0.02) start leaves emissions near zero, where a wrong graph could still pass):
     * Linear weights N(0, 1/in), LayerNorm gain 1 ± 0.3, biases and shifts N(0, 0.2²), embeddings
     * and CRF scores N(0, 1).
     */
    static DjlTagger randomTagger(EncoderConfig config, long seed) {
        DjlTagger tagger = DjlTagger.create(config);
        Random rnd = new Random(seed);
        for (Pair<String, Parameter> p : tagger.parameters()) {
            NDArray a = p.getValue().getArray();
            long[] shape = a.getShape().getShape();
            String key = p.getKey();
            float[] v = new float[(int) a.getShape().size()];
            for (int i = 0; i < v.length; i++) {
                double g = rnd.nextGaussian();
                if (key.endsWith("_gamma")) {
                    v[i] = (float) (1 + 0.3 * g);
                } else if (key.endsWith("_beta") || key.endsWith("_bias")) {
                    v[i] = (float) (0.2 * g);
                } else if (key.endsWith("_weight")) {
                    v[i] = (float) (g / Math.sqrt(shape[1]));
                } else {
                    v[i] = (float) g;
                }
            }
            a.set(v);
        }
        return tagger;
    }

    /** Windows of the given lengths with random ids in range for {@code config}. */
    static List<Features> batch(EncoderConfig config, Random rnd, int... lengths) {
        List<Features> out = new ArrayList<>();
        for (int len : lengths) {
            int[] c = new int[len];
            int[] l = new int[len];
            int[] r = new int[len];
            int[] lex = new int[len];
            for (int i = 0; i < len; i++) {
                c[i] = rnd.nextInt(config.vocabSize());
                l[i] = config.bigramVocabSize() > 0 ? rnd.nextInt(config.bigramVocabSize()) : 0;
                r[i] = config.bigramVocabSize() > 0 ? rnd.nextInt(config.bigramVocabSize()) : 0;
                lex[i] = config.lexicon() ? rnd.nextInt(Gazetteer.FEATURE_IDS) : 0;
            }
            out.add(new Features(c, l, r, lex));
        }
        return out;
    }
}
