package org.companyner.export;

import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Crf;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.OnnxEmitter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported ONNX graph computes what the DJL {@code TaggerBlock} computes: float32 within 1e-4
 * on random models and padded batches, int8 close to it; the CRF parameters are carried over
 * exactly.
 */
class OnnxParityTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> configs() {
        EncoderConfig tiny = Presets.get("tiny");
        return Stream.of(
                Arguments.of("tiny + bigrams", tiny.withVocab(50, 30)),
                Arguments.of("tiny, no bigrams", tiny.withVocab(50, 0)),
                // ALBERT-style sharing: one layer's weights applied 3 times, 4 heads of 8.
                Arguments.of("shared layers", new EncoderConfig("shared", 40, 20, 16, 32, 3, 4, 48, 32, 0f, true, 0)),
                Arguments.of("lexicon", tiny.withVocab(50, 30).withLexicon(true)),
                // BiLSTM only (the bilstm preset's shape, small): embeddings -> LN -> proj -> BiLSTM 2x12
                Arguments.of("bilstm, tiny", new EncoderConfig("bilstm-tiny", 50, 30, 16, 24, 0, 0, 0, 32, 0f, false, 12)),
                Arguments.of("bilstm preset + lexicon", Presets.get("bilstm").withVocab(60, 40).withLexicon(true)),
                // transformer layers + BiLSTM, as bert-bilstm-crf
                Arguments.of("tiny + BiLSTM", new EncoderConfig("tiny-lstm", 50, 30, 32, 64, 2, 2, 128, 64, 0f, false, 16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void fp32EmissionsMatchDjl(String name, EncoderConfig config) {
        Random rnd = new Random(name.hashCode());
        try (DjlTagger djl = OnnxTestModels.randomTagger(config, rnd.nextLong())) {
            OnnxExporter.export(djl, tmp, false);
            try (OnnxEmitter onnx = OnnxEmitter.load(tmp, config.maxPositions())) {
                assertThat(onnx.maxLength()).isEqualTo(config.maxPositions());
                assertSameCrf(onnx.crf(), djl.crf());
                double worst = 0;
                double scale = 0;
                // a window of 0 positions inside a batch gives the LSTM a sequence length of 0
                for (int[] lengths : new int[][]{{config.maxPositions(), 1, 17, 5}, {9, 9, 2}, {3}, {0, 6, 1}}) {
                    List<Features> batch = OnnxTestModels.batch(config, rnd, lengths);
                    List<float[][]> expected = djl.emissions(batch);
                    List<float[][]> actual = onnx.emissions(batch);
                    assertThat(actual).hasSize(batch.size());
                    for (int k = 0; k < batch.size(); k++) {
                        assertThat(actual.get(k).length).isEqualTo(batch.get(k).length());
                        worst = Math.max(worst, maxAbsDiff(expected.get(k), actual.get(k)));
                        scale = Math.max(scale, maxAbs(expected.get(k)));
                    }
                    // padding must not leak: each window alone gives what it gives inside the batch
                    for (int k = 0; k < batch.size(); k++) {
                        float[][] alone = onnx.emissions(List.of(batch.get(k))).get(0);
                        assertThat(maxAbsDiff(alone, actual.get(k))).isLessThan(1e-4);
                    }
                }
                System.out.printf("ONNX fp32 [%s]: max |ORT - DJL| = %.3g (max |emission| %.3g)%n", name, worst, scale);
                assertThat(scale).as("emissions large enough for the comparison to mean something").isGreaterThan(1.0);
                assertThat(worst).isLessThan(1e-4);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void int8EmissionsStayClose(String name, EncoderConfig config) throws IOException {
        Random rnd = new Random(name.hashCode() + 1);
        try (DjlTagger djl = OnnxTestModels.randomTagger(config, rnd.nextLong())) {
            Path fp32Dir = tmp.resolve("fp32");
            Path int8Dir = tmp.resolve("int8");
            OnnxExporter.export(djl, fp32Dir, false);
            OnnxExporter.export(djl, int8Dir, true);

            // every Linear (proj, 4 per layer, emit) is one MatMulIntegerToFloat with per-token activation scales
            // (PerTokenInt8), no float MatMul left on weights, no batch-wide DynamicQuantizeMatMul
            int distinct = config.shareLayers() ? 1 : config.layers();
            List<String> ops = OnnxExporter.opTypes(int8Dir.resolve(ModelDir.GRAPH));
            long quantised = ops.stream().filter("com.microsoft.MatMulIntegerToFloat"::equals).count();
            assertThat(ops).doesNotContain("com.microsoft.DynamicQuantizeMatMul");
            long matmuls = ops.stream().filter("MatMul"::equals).count();
            assertThat(quantised).isEqualTo(2 + 4L * config.layers());
            assertThat(matmuls).as("only the two attention products per layer").isEqualTo(2L * config.layers());
            assertThat(ops.stream().filter("LSTM"::equals).count()).as("the BiLSTM stays one float LSTM node")
                    .isEqualTo(config.lstmHidden() > 0 ? 1 : 0);
            if (config.layers() > 0 || config.lstmHidden() >= 64) { // in the tiniest graph the quantisation nodes outweigh the saving
                assertThat(Files.size(int8Dir.resolve(ModelDir.GRAPH)))
                        .isLessThan(Files.size(fp32Dir.resolve(ModelDir.GRAPH)));
            }

            try (OnnxEmitter onnx = OnnxEmitter.load(int8Dir, config.maxPositions())) {
                assertSameCrf(onnx.crf(), djl.crf());
                Crf crf = djl.crf();
                double worst = 0;
                double scale = 0;
                double sumSq = 0;
                long positions = 0;
                long agree = 0;
                for (int[] lengths : new int[][]{{config.maxPositions(), 1, 17, 5, 30}, {12, 12, 12, 7}}) {
                    List<Features> batch = OnnxTestModels.batch(config, rnd, lengths);
                    List<float[][]> expected = djl.emissions(batch);
                    List<float[][]> actual = onnx.emissions(batch);
                    for (int k = 0; k < batch.size(); k++) {
                        // a window's emissions do not depend on the windows batched with it
                        float[][] alone = onnx.emissions(List.of(batch.get(k))).get(0);
                        assertThat(maxAbsDiff(alone, actual.get(k))).as("window %d alone vs in its batch", k)
                                .isLessThan(1e-5);
                        float[][] e = expected.get(k);
                        float[][] a = actual.get(k);
                        worst = Math.max(worst, maxAbsDiff(e, a));
                        scale = Math.max(scale, maxAbs(e));
                        for (float[] row : e) {
                            for (float v : row) {
                                sumSq += v * v;
                            }
                        }
                        int[] pe = crf.viterbi(e);
                        int[] pa = crf.viterbi(a);
                        for (int i = 0; i < pe.length; i++) {
                            agree += pe[i] == pa[i] ? 1 : 0;
                        }
                        positions += pe.length;
                    }
                }
                double rms = Math.sqrt(sumSq / (positions * 3.0));
                double agreement = agree / (double) positions;
                System.out.printf("ONNX int8 [%s]: max |ORT - DJL| = %.3g (emission rms %.3g, max %.3g), "
                        + "Viterbi agreement %.4f over %d positions, %d quantised MatMuls for %d distinct layers%n",
                        name, worst, rms, scale, agreement, positions, quantised, distinct);
                assertThat(rms).isGreaterThan(0.3);
                // measured 0.08-0.14 x rms with the 7-bit weight range; the full 8-bit range gave 3-4x the
                // error on an AVX2 machine, where ORT's u8s8 kernel saturates (see OnnxExporter)
                assertThat(worst).as("max abs diff relative to the emission rms").isLessThan(0.25 * rms);
                // measured 0.94-0.99 on these random models. Path agreement alone is a weak check (scrambled
                // int8 weights still agreed on 0.02-0.94); the emission bound above is the strong one.
                assertThat(agreement).isGreaterThan(0.9);
            }
        }
    }

    private static void assertSameCrf(Crf actual, Crf expected) {
        assertThat(actual.transitions()).isDeepEqualTo(expected.transitions());
        assertThat(actual.start()).containsExactly(expected.start());
        assertThat(actual.end()).containsExactly(expected.end());
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        assertThat(b.length).isEqualTo(a.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).hasSameSizeAs(a[i]);
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    private static double maxAbs(float[][] a) {
        double m = 0;
        for (float[] row : a) {
            for (float v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }
}
