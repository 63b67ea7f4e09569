package org.companyner.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.companyner.UserError;
import org.companyner.train.TinyCorpus;
import org.companyner.train.TrainConfig;
import org.companyner.train.Trainer;
import org.companyner.train.TrainerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BiLSTM language-model objective on a corpus where every next character is predictable from the previous one. */
class BilmPretrainerTest {
    @TempDir
    static Path tmp;
    static Path corpus;

    @BeforeAll
    static void inventCorpus() throws IOException {
        TrainerTest.oneIntraOpThread();
        // a fixed cycle of characters: a model that reads context can predict both neighbours exactly
        String cycle = "甲乙丙丁戊己庚辛壬癸";
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 80; d++) {
            for (int i = 0; i < 40; i++) {
                text.append(cycle.charAt((d + i) % cycle.length()));
            }
            text.append("。\n\n");
        }
        corpus = Files.writeString(tmp.resolve("corpus.txt"), text, StandardCharsets.UTF_8);
    }

    static PretrainConfig config(String arch, Path out, int steps) {
        return new PretrainConfig("bilm", arch, List.of(corpus), out, steps, 8, 1e-2f, 5, 0.01f, 1f, 0.3, 50f,
                4, 64, 1, 20, 10, 42);
    }

    @Test
    void learnsBothNeighboursAndWritesAnEncoderThatFineTuningAccepts() throws IOException {
        Path out = tmp.resolve("run");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pretrainer.of(config("bilstm", out, 60), new PrintStream(console, true, StandardCharsets.UTF_8)).run(false);

        List<String> rows = Files.readAllLines(out.resolve(Pretrainer.LOG));
        JsonNode last = new ObjectMapper().readTree(rows.get(rows.size() - 1));
        assertThat(last.path("next_accuracy").asDouble()).as(console.toString(StandardCharsets.UTF_8)).isGreaterThan(0.9);
        assertThat(last.path("previous_accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(last.path("frequency_baseline").asDouble()).isLessThan(0.2);

        Path encoder = out.resolve(Pretrainer.ENCODER);
        Path model = tmp.resolve("model");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainConfig fineTune = TrainConfig.builder("bilstm", TinyCorpus.write(tmp.resolve("train.jsonl")), model).steps(10).batch(8).lr(2e-3f).headLr(1e-2f).warmup(5)
                .evalEvery(10).patience(100).seed(42).maxLen(64).maxBigrams(30000).init(encoder).build();
        try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            new Trainer(fineTune, ps).run();
        }
        // every encoder array (char embedding, norm, projection, both LSTMs) comes from the pretrained file,
        // except the char-bigram embedding the pretrained encoder does not have
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("initialised 13 of 14 encoder arrays")
                .contains("1 added input embeddings start at zero");
    }

    @Test
    void aPresetWithoutBiLstmIsRefused() {
        assertThatThrownBy(() -> Pretrainer.of(config("tiny", tmp.resolve("bad"), 4),
                new PrintStream(new ByteArrayOutputStream())).run(false))
                .isInstanceOf(UserError.class).hasMessageContaining("BiLSTM");
    }
}
