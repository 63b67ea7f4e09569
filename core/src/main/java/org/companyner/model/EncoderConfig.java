package org.companyner.model;

/**
 * Shape of an encoder + CRF tagger: one immutable record per preset ({@link Presets}).
 *
 * @param arch          preset name, recorded in every trained model
 * @param vocabSize     character vocabulary size (set from the data at training time)
 * @param bigramVocabSize bigram vocabulary size, 0 = no bigram embeddings
 * @param embeddingSize factorised embedding size (ELECTRA/ALBERT project it up to {@code hidden})
 * @param hidden        transformer width (with {@code layers == 0}: the width the embeddings are projected to)
 * @param layers        transformer layers; 0 = none, a BiLSTM-only encoder (then {@code lstmHidden > 0})
 * @param heads         attention heads (0 when {@code layers == 0})
 * @param ffn           feed-forward width (0 when {@code layers == 0})
 * @param maxPositions  the longest window the model reads; also the number of learned position
 *                      embeddings of a transformer (a BiLSTM-only encoder has none)
 * @param dropout       dropout rate in training
 * @param shareLayers   ALBERT cross-layer parameter sharing (one layer's weights reused {@code layers} times)
 * @param lstmHidden    hidden size per direction of a BiLSTM between the encoder and the emission head, 0 = none
 * @param lexicon       add gazetteer match features ({@link org.companyner.lexicon.Gazetteer}) to the embeddings
 */
public record EncoderConfig(String arch, int vocabSize, int bigramVocabSize, int embeddingSize, int hidden,
                            int layers, int heads, int ffn, int maxPositions, float dropout,
                            boolean shareLayers, int lstmHidden, boolean lexicon) {
    public EncoderConfig {
        if (arch == null || arch.isBlank()) {
            throw new IllegalArgumentException("arch must be named");
        }
        if (vocabSize < 0 || bigramVocabSize < 0 || embeddingSize <= 0 || hidden <= 0 || layers < 0
                || heads < 0 || ffn < 0 || maxPositions < 8 || lstmHidden < 0) {
            throw new IllegalArgumentException("sizes must be positive: " + arch);
        }
        if (layers > 0) {
            if (heads == 0 || ffn == 0) {
                throw new IllegalArgumentException(arch + ": a transformer of " + layers
                        + " layers needs heads and ffn > 0 (heads " + heads + ", ffn " + ffn + ")");
            }
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
            }
        } else {
            if (lstmHidden == 0) {
                throw new IllegalArgumentException(arch + ": without transformer layers the encoder needs a BiLSTM"
                        + " (lstmHidden > 0); neither gives a model without context");
            }
            if (heads != 0 || ffn != 0 || shareLayers) {
                throw new IllegalArgumentException(arch + ": heads, ffn and shareLayers belong to transformer layers;"
                        + " with layers 0 set them to 0/false (heads " + heads + ", ffn " + ffn + ")");
            }
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }

    /** A configuration without lexicon features. */
    public EncoderConfig(String arch, int vocabSize, int bigramVocabSize, int embeddingSize, int hidden,
                         int layers, int heads, int ffn, int maxPositions, float dropout,
                         boolean shareLayers, int lstmHidden) {
        this(arch, vocabSize, bigramVocabSize, embeddingSize, hidden, layers, heads, ffn, maxPositions, dropout,
                shareLayers, lstmHidden, false);
    }

    /** The same shape with vocabulary sizes taken from the training data. */
    public EncoderConfig withVocab(int chars, int bigrams) {
        return new EncoderConfig(arch, chars, bigrams, embeddingSize, hidden, layers, heads, ffn, maxPositions,
                dropout, shareLayers, lstmHidden, lexicon);
    }

    /** The same shape with another window length. */
    public EncoderConfig withMaxPositions(int positions) {
        return new EncoderConfig(arch, vocabSize, bigramVocabSize, embeddingSize, hidden, layers, heads, ffn,
                positions, dropout, shareLayers, lstmHidden, lexicon);
    }

    /** The same shape with or without lexicon features. */
    public EncoderConfig withLexicon(boolean on) {
        return new EncoderConfig(arch, vocabSize, bigramVocabSize, embeddingSize, hidden, layers, heads, ffn,
                maxPositions, dropout, shareLayers, lstmHidden, on);
    }
}
