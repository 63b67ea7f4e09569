package org.companyner.label;

import java.util.List;
import org.companyner.runtime.Recognizer;
import org.companyner.text.Entity;

/**
 * The current best model (e.g. {@code models/default} through {@link org.companyner.runtime.LoadedModel}).
 * Confidence: the model's own span score ({@link Entity#score()} from the recognizer), unchanged.
 * The caller owns and closes the model.
 */
public final class ModelSource implements LabellingSource {
    private final String name;
    private final Recognizer recognizer;

    public ModelSource(String name, Recognizer recognizer) {
        this.name = name;
        this.recognizer = recognizer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        return recognizer.recognize(texts);
    }
}
