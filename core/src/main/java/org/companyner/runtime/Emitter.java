package org.companyner.runtime;

import java.util.List;

/**
 * A trained encoder + emission head: per-position tag scores for a batch of windows, and the CRF
 * that decodes them. Implementations: DJL (training module) and ONNX Runtime (serving).
 */
public interface Emitter extends AutoCloseable {
    /** {@code result.get(k)[t][tag]} for window {@code k}, t in [0, batch.get(k).length()). */
    List<float[][]> emissions(List<Features> batch);

    Crf crf();

    /** Longest window the model accepts. */
    int maxLength();

    @Override
    void close();
}
