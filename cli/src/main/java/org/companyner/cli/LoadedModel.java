package org.companyner.cli;

import org.companyner.lexicon.Gazetteer;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.Recognizer;

import java.nio.file.Path;
import java.util.List;

/** A model directory opened for recognition: its card, and a recogniser over its weights. */
record LoadedModel(ModelCard card, Recognizer recognizer, AutoCloseable resources) implements AutoCloseable {
    /** Opens {@code dir}; {@code names} (may be null) is a user's watch-list added to the model's gazetteer. */
    static LoadedModel open(Path dir, int batchTokens, Path names) {
        ModelCard card = ModelCard.load(dir);
        Featurizer featurizer = Featurizer.load(dir, card.config().lexicon());
        if (names != null) {
            featurizer = featurizer.withNames(Gazetteer.readNameList(names));
        }
        DjlTagger tagger = DjlTagger.load(dir, card);
        return new LoadedModel(card, new Recognizer(tagger, featurizer, batchTokens), tagger);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
