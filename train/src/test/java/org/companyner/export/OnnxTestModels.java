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
import java.util.Locale;
import java.util.Random;

/** Random models and batches for the ONNX tests (and the tagger's own tests). */
public final class OnnxTestModels {
    private OnnxTestModels() {
    }

    /**
     * A tagger whose weights are redrawn at a scale that makes every part of the graph matter
     * (DJL's N(0, 0.02) start leaves emissions near zero, where a wrong graph could still pass):
     * Linear and LSTM weights N(0, 1/in), LayerNorm gain 1 ± 0.3, biases and shifts N(0, 0.2²),
     * embeddings and CRF scores N(0, 1). Behind a BiLSTM, whose outputs are below 1 in magnitude and
     * mostly far below, the emission weights are drawn 3× larger to keep emissions of order 1.
     */
    public static DjlTagger randomTagger(EncoderConfig config, long seed) {
        DjlTagger tagger = DjlTagger.create(config);
        Random rnd = new Random(seed);
        for (Pair<String, Parameter> p : tagger.parameters()) {
            NDArray a = p.getValue().getArray();
            long[] shape = a.getShape().getShape();
            String key = p.getKey().toLowerCase(Locale.ROOT); // DJL's LSTM names end in _WEIGHT, _BIAS
            double gain = config.lstmHidden() > 0 && key.endsWith("emit_weight") ? 3 : 1;
            float[] v = new float[(int) a.getShape().size()];
            for (int i = 0; i < v.length; i++) {
                double g = rnd.nextGaussian();
                if (key.endsWith("_gamma")) {
                    v[i] = (float) (1 + 0.3 * g);
                } else if (key.endsWith("_beta") || key.endsWith("_bias")) {
                    v[i] = (float) (0.2 * g);
                } else if (key.endsWith("_weight")) {
                    v[i] = (float) (gain * g / Math.sqrt(shape[1]));
                } else {
                    v[i] = (float) g;
                }
            }
            a.set(v);
        }
        return tagger;
    }

    /** Windows of the given lengths with random ids in range for {@code config}. */
    public static List<Features> batch(EncoderConfig config, Random rnd, int... lengths) {
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
