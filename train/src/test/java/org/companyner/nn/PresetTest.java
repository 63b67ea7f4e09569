package org.companyner.nn;

import org.companyner.UserError;
import org.companyner.model.Presets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresetTest {
    @Test
    void theBiLstmPresetIsRefusedUntilItsLstmExists() {
        assertThatThrownBy(() -> new TaggerBlock(Presets.get("bert-bilstm-crf").withVocab(10, 10)))
                .isInstanceOf(UserError.class).hasMessageContaining("BiLSTM");
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> Presets.get("gpt")).isInstanceOf(UserError.class).hasMessageContaining("electra-small");
    }
}
