package org.companyner.nn;

import org.companyner.export.OnnxTestModels;
import org.companyner.model.EncoderConfig;
import org.companyner.runtime.Features;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DJL BiLSTM (a forward LSTM plus a second one on each row reversed within its own length) is
 * exact on padded batches and reads the whole window in both directions.
 */
class BiLstmTaggerTest {
    /** BiLSTM only, the {@code bilstm} preset's shape made small. */
    static final EncoderConfig BILSTM = new EncoderConfig("bilstm-tiny", 50, 30, 16, 24, 0, 0, 0, 32, 0f, false, 12);
    /** Transformer layers + BiLSTM, the {@code bert-bilstm-crf} shape made small. */
    static final EncoderConfig TINY_LSTM = new EncoderConfig("tiny-lstm", 50, 30, 32, 64, 2, 2, 128, 64, 0f, false, 16);

    static Stream<Arguments> configs() {
        return Stream.of(Arguments.of("bilstm", BILSTM), Arguments.of("transformer + bilstm", TINY_LSTM),
                Arguments.of("bilstm + lexicon", BILSTM.withLexicon(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aWindowHasTheSameEmissionsAloneAndPaddedInABatch(String name, EncoderConfig config) {
        Random rnd = new Random(name.hashCode());
        try (DjlTagger tagger = OnnxTestModels.randomTagger(config, rnd.nextLong())) {
            List<Features> batch = OnnxTestModels.batch(config, rnd, 5, config.maxPositions(), 1, 17, 0, 16);
            List<float[][]> together = tagger.emissions(batch);
            double worst = 0;
            double scale = 0;
            for (int k = 0; k < batch.size(); k++) {
                float[][] alone = tagger.emissions(List.of(batch.get(k))).get(0);
                assertThat(together.get(k).length).isEqualTo(batch.get(k).length());
                for (int i = 0; i < alone.length; i++) {
                    for (int j = 0; j < alone[i].length; j++) {
                        worst = Math.max(worst, Math.abs(alone[i][j] - together.get(k)[i][j]));
                        scale = Math.max(scale, Math.abs(alone[i][j]));
                    }
                }
            }
            assertThat(scale).as("emissions large enough to compare").isGreaterThan(1.0);
            assertThat(worst).isLessThan(1e-5);
        }
    }

    @Test
    void eachPositionSeesBothEndsOfItsWindowEvenWhenPadded() {
        Random rnd = new Random(5);
        try (DjlTagger tagger = OnnxTestModels.randomTagger(BILSTM, 11)) {
            List<Features> batch = OnnxTestModels.batch(BILSTM, rnd, 10, 25);
            Features shortOne = batch.get(0);
            float[][] before = tagger.emissions(batch).get(0);
            // without attention, only the backward LSTM carries the last character to position 0 ...
            float[][] lastChanged = tagger.emissions(List.of(withChar(shortOne, 9), batch.get(1))).get(0);
            assertThat(maxDiff(before[0], lastChanged[0])).isGreaterThan(1e-4);
            // ... and only the forward one carries the first character to the last position
            float[][] firstChanged = tagger.emissions(List.of(withChar(shortOne, 0), batch.get(1))).get(0);
            assertThat(maxDiff(before[9], firstChanged[9])).isGreaterThan(1e-4);
        }
    }

    private static Features withChar(Features f, int position) {
        int[] chars = f.chars().clone();
        chars[position] = (chars[position] + 1) % BILSTM.vocabSize();
        return new Features(chars, f.bigramLeft(), f.bigramRight(), f.lexicon());
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
