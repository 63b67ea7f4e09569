package org.companyner.runtime;

import org.companyner.UserError;
import org.companyner.lexicon.Gazetteer;

import java.nio.file.Path;

/**
 * A model directory opened for recognition through ONNX Runtime (no DJL or PyTorch needed):
 * its verified card and a {@link Recognizer} over {@code model.onnx}.
 */
public record LoadedModel(ModelCard card, Recognizer recognizer, Emitter emitter) implements AutoCloseable {
    /**
     * Opens {@code dir} and runs the model's {@link SelfCheck} (when its card has one).
     *
     * @param batchTokens characters per inference batch
     * @param threads     ONNX Runtime intra-op threads
     * @param names       a user's watch-list added to the model's gazetteer, or null
     * @throws UserError if {@code names} is given but the model has no gazetteer (it would have no effect)
     */
    public static LoadedModel open(Path dir, int batchTokens, int threads, Path names) {
        ModelCard card = new ModelDir(dir).verify();
        Featurizer featurizer = Featurizer.load(dir, card.config().lexicon());
        if (names != null) {
            if (featurizer.gazetteer() == null) {
                throw new UserError("--names " + names + " needs a model trained with --lexicon; " + dir
                        + " has no gazetteer, so the names would be ignored");
            }
            featurizer = featurizer.withNames(Gazetteer.readNameList(names));
        }
        OnnxEmitter emitter = OnnxEmitter.load(dir, card.config().maxPositions(), threads);
        if (card.selfCheck() != null) {
            try {
                card.selfCheck().verify(emitter, dir);
            } catch (RuntimeException e) {
                emitter.close();
                throw e;
            }
        }
        return new LoadedModel(card, new Recognizer(emitter, featurizer, batchTokens), emitter);
    }

    @Override
    public void close() {
        emitter.close();
    }
}
