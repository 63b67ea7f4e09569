package org.companyner.bench;

import org.companyner.model.EncoderConfig;
import org.companyner.text.Tags;

/** Multiply-add FLOPs of one encoder + head pass per character, for the roofline estimate. */
public final class Flops {
    private Flops() {
    }

    /**
     * FLOPs per character for windows of {@code avgLen} characters: 2 FLOPs per multiply-add of the
     * projection, each layer's QKV/output/FFN matrices, attention scores and context
     * ({@code 2·2·L·H} per layer), a BiLSTM if the preset has one ({@code 2·4·Hl·(H + Hl)} per
     * direction: four gates, each a product with the input of width {@code H} and with the state of
     * width {@code Hl}), and the emission head. Embedding look-ups, LayerNorm, softmax, the LSTM's
     * gate nonlinearities and the CRF are memory-bound or small and left out.
     */
    public static double perChar(EncoderConfig c, double avgLen) {
        double h = c.hidden();
        double perLayer = 2 * (h * 3 * h + h * h + 2 * h * c.ffn()) + 4 * avgLen * h;
        double lstm = c.lstmHidden() == 0 ? 0 : 2 /* directions */ * 2 * 4.0 * (h + c.lstmHidden()) * c.lstmHidden();
        double headIn = c.lstmHidden() == 0 ? h : 2.0 * c.lstmHidden();
        return 2 * c.embeddingSize() * h + c.layers() * perLayer + lstm + 2 * headIn * Tags.COUNT;
    }
}
