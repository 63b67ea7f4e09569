package org.companyner.export;

import org.companyner.UserError;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.OnnxEmitter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OnnxEmitter} on broken model directories and edge-case batches. */
class OnnxEmitterTest {
    private static final EncoderConfig CONFIG = Presets.get("tiny").withVocab(50, 30);

    @TempDir
    static Path exported;
    @TempDir
    Path dir;

    @BeforeAll
    static void export() {
        try (DjlTagger djl = OnnxTestModels.randomTagger(CONFIG, 7)) {
            OnnxExporter.export(djl, exported, false);
        }
    }

    private Path copy() throws IOException {
        for (String f : new String[]{ModelDir.GRAPH, ModelDir.CRF}) {
            Files.copy(exported.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    @Test
    void truncatedModelIsAUserErrorNamingTheFile() throws IOException {
        Path model = copy().resolve(ModelDir.GRAPH);
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> OnnxEmitter.load(dir, 0))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(model.toString());
    }

    @Test
    void missingModelIsAUserErrorNamingTheFile() throws IOException {
        Files.delete(copy().resolve(ModelDir.GRAPH));
        assertThatThrownBy(() -> OnnxEmitter.load(dir, 0))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(dir.resolve(ModelDir.GRAPH).toString());
    }

    @Test
    void missingOrCorruptCrfIsAUserErrorNamingTheFile() throws IOException {
        Path crf = copy().resolve(ModelDir.CRF);
        Files.writeString(crf, "{\"transitions\": [[0, 1");
        assertThatThrownBy(() -> OnnxEmitter.load(dir, 0))
                .isInstanceOf(UserError.class).hasMessageContaining(crf.toString());
        Files.writeString(crf, "{\"transitions\": [[0, 1], [2, 3]], \"start\": [0, 0], \"end\": [0, 0]}");
        assertThatThrownBy(() -> OnnxEmitter.load(dir, 0))
                .isInstanceOf(UserError.class).hasMessageContaining(crf.toString());
        Files.delete(crf);
        assertThatThrownBy(() -> OnnxEmitter.load(dir, 0))
                .isInstanceOf(UserError.class).hasMessageContaining(crf.toString());
    }

    @Test
    void windowLengthIsBoundedByThePositions() {
        assertThatThrownBy(() -> OnnxEmitter.load(exported, CONFIG.maxPositions() + 1))
                .isInstanceOf(UserError.class).hasMessageContaining("positions");
        try (OnnxEmitter onnx = OnnxEmitter.load(exported, 0, 1)) {
            assertThat(onnx.maxLength()).isEqualTo(CONFIG.maxPositions());
            List<Features> tooLong = OnnxTestModels.batch(CONFIG, new Random(1), CONFIG.maxPositions() + 1);
            assertThatThrownBy(() -> onnx.emissions(tooLong)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void emptyBatchesAndEmptyWindows() {
        try (OnnxEmitter onnx = OnnxEmitter.load(exported, 16)) {
            assertThat(onnx.maxLength()).isEqualTo(16);
            assertThat(onnx.emissions(List.of())).isEmpty();
            List<Features> batch = OnnxTestModels.batch(CONFIG, new Random(2), 0, 4);
            List<float[][]> out = onnx.emissions(batch);
            assertThat(out.get(0)).isEmpty();
            assertThat(out.get(1)).hasDimensions(4, 3);
            assertThat(onnx.emissions(OnnxTestModels.batch(CONFIG, new Random(3), 0)).get(0)).isEmpty();
        }
    }
}
