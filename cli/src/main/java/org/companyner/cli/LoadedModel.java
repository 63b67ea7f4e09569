package org.companyner.cli;

import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.Recognizer;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;

import java.nio.file.Path;

/** A model directory opened for recognition: its card, and a recogniser over its weights. */
record LoadedModel(ModelCard card, Recognizer recognizer, AutoCloseable resources) implements AutoCloseable {
    static LoadedModel open(Path dir, int batchTokens) {
        ModelCard card = ModelCard.load(dir);
        Featurizer featurizer = new Featurizer(CharVocab.load(dir.resolve("vocab.txt")),
                BigramVocab.load(dir.resolve("bigrams.txt")));
        DjlTagger tagger = DjlTagger.load(dir, card);
        return new LoadedModel(card, new Recognizer(tagger, featurizer, batchTokens), tagger);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
