package org.companyner.bench;

import org.companyner.model.Presets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlopsTest {
    @Test
    void theBiLstmPresetCountsProjectionBothLstmDirectionsAndTheHead() {
        double projection = 2.0 * 128 * 256;
        double lstmPerDirection = 2.0 * 4 * 128 * (256 + 128);
        double head = 2.0 * (2 * 128) * 3;
        assertThat(Flops.perChar(Presets.get("bilstm"), 40)).isEqualTo(projection + 2 * lstmPerDirection + head);
        assertThat(Flops.perChar(Presets.get("bilstm"), 128)).isEqualTo(Flops.perChar(Presets.get("bilstm"), 40));
    }

    @Test
    void theBertBiLstmPresetAddsItsLstmToBertBase() {
        double lstm = 2 * 2.0 * 4 * 384 * (768 + 384);
        double headChange = 2.0 * (2 * 384 - 768) * 3;
        assertThat(Flops.perChar(Presets.get("bert-bilstm-crf"), 40))
                .isEqualTo(Flops.perChar(Presets.get("bert-base"), 40) + lstm + headChange);
    }
}
