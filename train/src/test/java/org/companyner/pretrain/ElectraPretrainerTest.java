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
import java.util.Random;
import org.companyner.UserError;
import org.companyner.train.TinyCorpus;
import org.companyner.train.TrainConfig;
import org.companyner.train.Trainer;
import org.companyner.train.TrainerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ELECTRA pretraining end to end on an invented corpus with the {@code tiny} preset (no dropout: runs are exactly repeatable). */
class ElectraPretrainerTest {
    static final int STEPS = 24;

    @TempDir
    static Path tmp;
    static Path corpus;

    @BeforeAll
    static void inventCorpus() throws IOException {
        TrainerTest.oneIntraOpThread();
        String[] firms = {"华星科技", "蓝海集团", "青松智能", "金帆物流", "云帆软件", "恒信证券"};
        String[] verbs = {"发布年报", "宣布回购股份", "下调全年预期", "签署合作协议", "完成新一轮融资"};
        Random r = new Random(3);
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 60; d++) {
            for (int p = 0; p < 3; p++) {
                for (int s = 0; s < 3; s++) {
                    text.append(firms[r.nextInt(firms.length)]).append("今日").append(verbs[r.nextInt(verbs.length)]).append('。');
                }
                text.append('\n');
            }
            text.append('\n');
        }
        corpus = Files.writeString(tmp.resolve("corpus.txt"), text, StandardCharsets.UTF_8);
    }

    static PretrainConfig config(Path out) {
        return new PretrainConfig("electra", "tiny", List.of(corpus), out, STEPS, 8, 1e-3f, 4, 0.01f, 1f, 0.15, 50f,
                4, 64, 1, 8, 4, 42);
    }

    static ElectraPretrainer pretrainer(PretrainConfig cfg, ByteArrayOutputStream console) {
        return new ElectraPretrainer(cfg, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The log rows without their timings. */
    static List<JsonNode> rows(Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(out.resolve(ElectraPretrainer.LOG)).stream().map(line -> {
            try {
                var row = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
                row.remove("elapsed_s");
                return (JsonNode) row;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void writesAnEncoderWithCardLogAndCurve() throws IOException {
        Path out = tmp.resolve("run");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        pretrainer(config(out), console).run(false);
        Path encoder = out.resolve(ElectraPretrainer.ENCODER);
        assertThat(encoder.resolve("params.ndl")).isRegularFile();
        assertThat(encoder.resolve("vocab.txt")).isRegularFile();
        assertThat(out.resolve(ElectraPretrainer.CURVE)).isRegularFile();
        JsonNode card = new ObjectMapper().readTree(encoder.resolve(ElectraPretrainer.ENCODER_CARD).toFile());
        assertThat(card.path("config").path("arch").asText()).isEqualTo("tiny");
        assertThat(card.path("steps").asInt()).isEqualTo(STEPS);
        assertThat(card.path("params_sha256").asText()).hasSize(64);
        List<String> rows = Files.readAllLines(out.resolve(ElectraPretrainer.LOG));
        assertThat(rows).hasSize(STEPS / 4);
        JsonNode last = new ObjectMapper().readTree(rows.get(rows.size() - 1));
        assertThat(last.path("rtd_accuracy").asDouble()).as(console.toString(StandardCharsets.UTF_8)).isBetween(0.0, 1.0);
        assertThat(last.path("replaced_share").asDouble()).isGreaterThan(0.05);
        // the discriminator beats "nothing was replaced" only if it learned something from the corrupted text
        assertThat(last.path("rtd_loss").asDouble()).isLessThan(new ObjectMapper().readTree(rows.get(0)).path("rtd_loss").asDouble());
    }

    @Test
    void aStoppedRunResumesToTheSameParametersAsAnUninterruptedOne() throws IOException {
        Path straight = tmp.resolve("straight");
        pretrainer(config(straight), new ByteArrayOutputStream()).run(false);

        Path stopped = tmp.resolve("stopped");
        assertThatThrownBy(() -> pretrainer(config(stopped), new ByteArrayOutputStream()).stopAt(12).run(false))
                .isInstanceOf(UserError.class).hasMessageContaining("--resume");
        JsonNode pointer = new ObjectMapper().readTree(stopped.resolve(ElectraPretrainer.POINTER).toFile());
        assertThat(pointer.path("state").path("step").asInt()).isEqualTo(12);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        pretrainer(config(stopped), console).run(true);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("resumed at step 12");

        byte[] a = Files.readAllBytes(straight.resolve("encoder/params.ndl"));
        byte[] b = Files.readAllBytes(stopped.resolve("encoder/params.ndl"));
        assertThat(b).as("resumed discriminator equals the uninterrupted one").isEqualTo(a);
        assertThat(rows(stopped)).isEqualTo(rows(straight));
    }

    @Test
    void resumeFallsBackToThePreviousCheckpointWhenTheNewestIsDamagedAndStillEndsExactly() throws IOException {
        Path straight = tmp.resolve("straight-for-fallback");
        pretrainer(config(straight), new ByteArrayOutputStream()).run(false);

        Path stopped = tmp.resolve("fallback");
        assertThatThrownBy(() -> pretrainer(config(stopped), new ByteArrayOutputStream()).stopAt(12).run(false))
                .isInstanceOf(UserError.class);
        Path disc = stopped.resolve("checkpoint-12/disc.ndl");
        byte[] bytes = Files.readAllBytes(disc);
        bytes[bytes.length / 2] ^= 1; // one flipped bit: same size, different content
        Files.write(disc, bytes);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        pretrainer(config(stopped), console).run(true);
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.contains("resuming from the previous checkpoint at step 8")))
                .as(out).singleElement().asString().contains(disc + " is corrupt");
        assertThat(Files.readAllBytes(stopped.resolve("encoder/params.ndl")))
                .isEqualTo(Files.readAllBytes(straight.resolve("encoder/params.ndl")));
        assertThat(rows(stopped)).as("the rows after step 8 are written once").isEqualTo(rows(straight));
    }

    @Test
    void aStopRightAfterAScheduledCheckpointStillKeepsTwoSteps() throws IOException {
        Path run = tmp.resolve("stop-at-checkpoint");
        assertThatThrownBy(() -> pretrainer(config(run), new ByteArrayOutputStream()).stopAt(16).run(false))
                .isInstanceOf(UserError.class);
        JsonNode pointer = new ObjectMapper().readTree(run.resolve(ElectraPretrainer.POINTER).toFile());
        assertThat(pointer.path("step").asInt()).isEqualTo(16);
        assertThat(pointer.path("previous").path("step").asInt()).isEqualTo(8);
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted())
                    .containsExactly("checkpoint-16-1", "checkpoint-8");
        }
    }

    @Test
    void aNewRunRefusesToDiscardAnInterruptedRunUnlessOverwriting() throws IOException {
        Path run = tmp.resolve("interrupted");
        assertThatThrownBy(() -> pretrainer(config(run), new ByteArrayOutputStream()).stopAt(12).run(false))
                .isInstanceOf(UserError.class);
        assertThatThrownBy(() -> pretrainer(config(run), new ByteArrayOutputStream()).run(false))
                .isInstanceOf(UserError.class).hasMessage(run + " holds an interrupted run at step 12; use --resume to"
                        + " continue or --overwrite to discard it");
        assertThat(run.resolve("checkpoint-12")).isDirectory();
        assertThatThrownBy(() -> pretrainer(config(run), new ByteArrayOutputStream()).run(true, true))
                .isInstanceOf(UserError.class).hasMessageContaining("exclude each other");

        pretrainer(config(run), new ByteArrayOutputStream()).run(false, true);
        assertThat(rows(run)).extracting(r -> r.get("step").asInt()).containsExactly(4, 8, 12, 16, 20, 24);
        assertThat(new ObjectMapper().readTree(run.resolve(ElectraPretrainer.POINTER).toFile()).path("previous")
                .path("step").asInt()).isEqualTo(16);
        pretrainer(config(run), new ByteArrayOutputStream()).run(false); // a finished run may be replaced
    }

    @Test
    void fineTuningStartsFromTheEncoderWithItsVocabulary() throws IOException {
        Path run = tmp.resolve("for-init");
        pretrainer(config(run), new ByteArrayOutputStream()).run(false);
        Path encoder = run.resolve(ElectraPretrainer.ENCODER);
        Path data = TinyCorpus.write(tmp.resolve("train.jsonl"));
        Path model = tmp.resolve("model");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            new Trainer(fineTune("tiny", model, encoder), ps).run();
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).containsPattern("initialised \\d+ of \\d+ encoder arrays")
                .contains("1 added input embeddings start at zero");
        assertThat(Files.readAllLines(model.resolve("vocab.txt"))).isEqualTo(Files.readAllLines(encoder.resolve("vocab.txt")));

        assertThatThrownBy(() -> new Trainer(fineTune("student", tmp.resolve("m2"), encoder), System.err).run())
                .isInstanceOf(UserError.class).hasMessageContaining("pretrained as 'tiny'");

        byte[] params = Files.readAllBytes(encoder.resolve("params.ndl"));
        params[params.length - 1] ^= 1; // one flipped bit in the last weight
        Files.write(encoder.resolve("params.ndl"), params);
        assertThatThrownBy(() -> new Trainer(fineTune("tiny", tmp.resolve("m3"), encoder), System.err).run())
                .isInstanceOf(UserError.class).hasMessageContaining("SHA-256");
    }

    private static TrainConfig fineTune(String arch, Path out, Path init) throws IOException {
        return TrainConfig.builder(arch, TinyCorpus.write(tmp.resolve("train-" + arch + ".jsonl")), out).steps(20).batch(8).lr(2e-3f).headLr(1e-2f).warmup(5)
                .evalEvery(10).patience(100).seed(42).maxLen(64).maxBigrams(30000).init(init).build();
    }

    @Test
    void anUnknownPresetOrMissingCorpusIsTheUsersError() {
        Path out = tmp.resolve("bad");
        PretrainConfig unknown = new PretrainConfig("electra", "giant", List.of(corpus), out, 4, 8, 1e-3f, 1, 0f, 1f,
                0.15, 50f, 4, 64, 1, 2, 2, 1);
        assertThatThrownBy(() -> new ElectraPretrainer(unknown, new PrintStream(new ByteArrayOutputStream())).run(false))
                .isInstanceOf(UserError.class).hasMessageContaining("giant");
        PretrainConfig missing = new PretrainConfig("electra", "tiny", List.of(tmp.resolve("nope.txt")), out, 4, 8,
                1e-3f, 1, 0f, 1f, 0.15, 50f, 4, 64, 1, 2, 2, 1);
        assertThatThrownBy(() -> new ElectraPretrainer(missing, new PrintStream(new ByteArrayOutputStream())).run(false))
                .isInstanceOf(UserError.class).hasMessageContaining("nope.txt");
    }
}
