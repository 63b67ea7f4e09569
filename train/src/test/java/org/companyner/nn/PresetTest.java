package org.companyner.nn;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresetTest {
    private static final List<String> LSTM_NAMES = List.of(
            "lstmFwd_l_0_i2h_WEIGHT", "lstmFwd_l_0_h2h_WEIGHT", "lstmFwd_l_0_i2h_BIAS", "lstmFwd_l_0_h2h_BIAS",
            "lstmBwd_l_0_i2h_WEIGHT", "lstmBwd_l_0_h2h_WEIGHT", "lstmBwd_l_0_i2h_BIAS", "lstmBwd_l_0_h2h_BIAS");

    private static List<String> names(EncoderConfig config) {
        List<String> out = new ArrayList<>();
        for (Pair<String, Parameter> p : new TaggerBlock(config).getParameters()) {
            out.add(p.getKey());
        }
        return out;
    }

    @Test
    void modelsWithoutLstmKeepTheirParameterNames() {
        // the names (and order) in the params.ndl of every model trained before the BiLSTM existed
        List<String> tinyWithLexicon = new ArrayList<>(List.of("positions", "crfTransitions", "crfStart", "crfEnd",
                "01char_embedding", "02bigram_embedding", "03lexicon_embedding", "04embNorm_gamma", "04embNorm_beta",
                "05proj_weight", "05proj_bias"));
        for (int[] layer : new int[][]{{0, 6}, {1, 13}}) {
            int n = layer[1];
            String p = "layer" + layer[0];
            tinyWithLexicon.addAll(List.of(
                    String.format("%02d%sNorm1_gamma", n, p), String.format("%02d%sNorm1_beta", n, p),
                    String.format("%02d%sQkv_weight", n + 1, p), String.format("%02d%sQkv_bias", n + 1, p),
                    String.format("%02d%sOut_weight", n + 2, p), String.format("%02d%sOut_bias", n + 2, p),
                    String.format("%02d%sNorm2_gamma", n + 3, p), String.format("%02d%sNorm2_beta", n + 3, p),
                    String.format("%02d%sFf1_weight", n + 4, p), String.format("%02d%sFf1_bias", n + 4, p),
                    String.format("%02d%sFf2_weight", n + 5, p), String.format("%02d%sFf2_bias", n + 5, p)));
        }
        tinyWithLexicon.addAll(List.of("20finalNorm_gamma", "20finalNorm_beta", "22emit_weight", "22emit_bias"));
        assertThat(names(Presets.get("tiny").withVocab(10, 10).withLexicon(true))).isEqualTo(tinyWithLexicon);
    }

    @Test
    void bertBiLstmCrfIsBertBaseWithTheLstmParametersAppended() {
        List<String> base = names(Presets.get("bert-base").withVocab(10, 10));
        List<String> withLstm = names(Presets.get("bert-bilstm-crf").withVocab(10, 10));
        assertThat(withLstm.subList(0, base.size())).as("a pretrained bert-base encoder loads by name").isEqualTo(base);
        assertThat(withLstm.subList(base.size(), withLstm.size()))
                .extracting(n -> n.replaceFirst("^\\d+", "")).isEqualTo(LSTM_NAMES);
    }

    @Test
    void theBiLstmPresetHasNoPositionsNoLayersAndNoFinalNorm() {
        List<String> names = names(Presets.get("bilstm").withVocab(10, 10));
        assertThat(names).extracting(n -> n.replaceFirst("^\\d+", "")).containsExactly(
                "crfTransitions", "crfStart", "crfEnd", "char_embedding", "bigram_embedding",
                "embNorm_gamma", "embNorm_beta", "proj_weight", "proj_bias", "emit_weight", "emit_bias",
                LSTM_NAMES.get(0), LSTM_NAMES.get(1), LSTM_NAMES.get(2), LSTM_NAMES.get(3),
                LSTM_NAMES.get(4), LSTM_NAMES.get(5), LSTM_NAMES.get(6), LSTM_NAMES.get(7));
    }

    @Test
    void anEncoderNeedsLayersOrAnLstmAndLayerlessOnesNoAttentionSizes() {
        assertThatThrownBy(() -> new EncoderConfig("none", 10, 10, 8, 8, 0, 0, 0, 16, 0f, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lstmHidden");
        assertThatThrownBy(() -> new EncoderConfig("odd", 10, 10, 8, 8, 0, 2, 16, 16, 0f, false, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
        assertThatThrownBy(() -> new EncoderConfig("headless", 10, 10, 8, 8, 2, 0, 16, 16, 0f, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
        assertThat(new EncoderConfig("lstm", 10, 10, 8, 8, 0, 0, 0, 16, 0f, false, 4).layers()).isZero();
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> Presets.get("gpt")).isInstanceOf(UserError.class).hasMessageContaining("electra-small");
    }
}
