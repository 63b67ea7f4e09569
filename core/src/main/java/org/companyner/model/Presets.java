package org.companyner.model;

import org.companyner.UserError;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named model versions; vocabulary sizes are filled in from the data at training time. */
public final class Presets {
    private static final Map<String, EncoderConfig> PRESETS = new LinkedHashMap<>();

    static {
        // ELECTRA-small discriminator (Clark et al. 2020): embedding 128, hidden 256, 12 layers, 4 heads, FFN 1024.
        add(new EncoderConfig("electra-small", 0, 0, 128, 256, 12, 4, 1024, 128, 0.1f, false, 0));
        // ALBERT (Lan et al. 2020): factorised 128-d embedding, one layer shared across 6 uses (albert_small_zh shape).
        add(new EncoderConfig("albert-small", 0, 0, 128, 384, 6, 6, 1536, 128, 0.1f, true, 0));
        // BERT-base (Devlin et al. 2019): the slow reference and future teacher.
        add(new EncoderConfig("bert-base", 0, 0, 768, 768, 12, 12, 3072, 128, 0.1f, false, 0));
        // BERT-base + BiLSTM(2x384) + CRF: the published system's slowest version.
        add(new EncoderConfig("bert-bilstm-crf", 0, 0, 768, 768, 12, 12, 3072, 128, 0.1f, false, 384));
        // The fast student of issue 5: no transformer layers, char + bigram embeddings (128) projected to 256,
        // then a BiLSTM of 2x128 (Huang et al. 2015, "Bidirectional LSTM-CRF Models for Sequence Tagging").
        // A BiLSTM-CRF of about this size (char 128 + bigram 64 embeddings, 2x128) was the best model trained
        // from scratch here (STACK.md: F1 .659 on CLUENER company) and 5x cheaper to train than 4 transformer layers.
        add(new EncoderConfig("bilstm", 0, 0, 128, 256, 0, 0, 0, 128, 0.1f, false, 128));
        // Small student for distillation: same width as ELECTRA-small, 4 layers.
        add(new EncoderConfig("student", 0, 0, 128, 256, 4, 4, 1024, 128, 0.1f, false, 0));
        // For tests and smoke runs only.
        add(new EncoderConfig("tiny", 0, 0, 32, 64, 2, 2, 128, 64, 0.0f, false, 0));
    }

    private Presets() {
    }

    private static void add(EncoderConfig config) {
        PRESETS.put(config.arch(), config);
    }

    /** The preset called {@code name}; an unknown name is the user's error. */
    public static EncoderConfig get(String name) {
        EncoderConfig config = PRESETS.get(name);
        if (config == null) {
            throw new UserError("unknown architecture '" + name + "' (known: " + String.join(", ", PRESETS.keySet()) + ")");
        }
        return config;
    }

    public static Iterable<String> names() {
        return PRESETS.keySet();
    }
}
