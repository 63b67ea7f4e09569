package org.companyner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.companyner.UserError;
import org.companyner.eval.Scores;
import org.companyner.runtime.LoadedModel;
import org.companyner.io.AtomicFiles;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.SelfCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny end-to-end training run shared by the class: it must overfit an invented corpus,
 * write a complete, verifiable model directory, and resume from its checkpoint.
 */
public class TrainerTest {
    static final int STEPS = 150;
    static final int EVAL_EVERY = 50;

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;
    static Scores scores;
    static String console;

    /** The tiny run's settings; {@code resume} and {@code overwrite} go to {@link Trainer#run(boolean, boolean)}. */
    record Run(TrainConfig config, boolean resume, boolean overwrite) {
    }

    static Run config(Path out, int steps, boolean resume) {
        return new Run(tiny(out, steps), resume, false);
    }

    static TrainConfig tiny(Path out, int steps) {
        return TrainConfig.builder("tiny", data, out).steps(steps).batch(8).lr(2e-3f).headLr(1e-2f).warmup(10)
                .evalEvery(EVAL_EVERY).patience(100).seed(42).maxLen(64).maxBigrams(30000).build();
    }

    static Scores train(Run run, ByteArrayOutputStream log) throws IOException {
        try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            return new Trainer(run.config(), ps).run(run.resume(), run.overwrite());
        }
    }

    /**
     * One PyTorch intra-op thread: on a 2-core machine shared with a background training job, two
     * spinning threads made this tiny run about 15 times slower (measured 52 s against 3.6 s).
     */
    public static void oneIntraOpThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    @BeforeAll
    static void trainTinyModel() throws IOException {
        oneIntraOpThread();
        data = TinyCorpus.write(tmp.resolve("train.jsonl"));
        model = tmp.resolve("model");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        scores = train(config(model, STEPS, false), log);
        console = log.toString(StandardCharsets.UTF_8);
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    @Test
    void tinyModelOverfitsTheInventedCorpus() {
        assertThat(scores.f1()).as("dev F1; console:%n%s", console).isGreaterThan(0.8);
        assertThat(scores.sentences()).isEqualTo(6); // 10 % of 55, carved out of the training file
    }

    @Test
    void modelDirectoryHoldsEveryFile() throws IOException {
        for (String f : List.of("model.json", "vocab.txt", "bigrams.txt", "params.ndl", "train-log.jsonl",
                "learning-curve.png", "checkpoint.json")) {
            assertThat(model.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(model.resolve(f))).as(f).isPositive();
        }
        byte[] png = Files.readAllBytes(model.resolve("learning-curve.png"));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        ObjectMapper json = new ObjectMapper();
        List<String> rows = Files.readAllLines(model.resolve("train-log.jsonl"));
        assertThat(rows).hasSize(STEPS / EVAL_EVERY);
        assertThat(rows.stream().map(r -> {
            try {
                return json.readTree(r).get("step").asLong();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        })).containsExactly(50L, 100L, 150L);
    }

    @Test
    void modelCardListsAndVerifiesSha256OfEveryFile() {
        ModelCard card = new ModelDir(model).verify();
        assertThat(card.config().arch()).isEqualTo("tiny");
        assertThat(card.files()).containsKeys("vocab.txt", "bigrams.txt", "params.ndl");
        card.files().forEach((name, sha) -> assertThat(sha).as(name).isEqualTo(AtomicFiles.sha256(model.resolve(name))));
        assertThat(((Number) card.metrics().get("dev_f1")).doubleValue()).isEqualTo(scores.f1());
    }

    @Test
    void theModelCardHoldsTheRunConfigurationAndRepeatsTheRun() throws IOException {
        TrainConfig original = tiny(model, STEPS);
        assertThat(TrainConfig.read(model.resolve("model.json"))).isEqualTo(original);
        // repeating the run from its card alone (another output folder) gives the same model
        Path again = tmp.resolve("again");
        train(new Run(TrainConfig.read(model.resolve("model.json")).toBuilder().out(again).build(), false, false),
                new ByteArrayOutputStream());
        assertThat(Files.readAllBytes(again.resolve("params.ndl"))).isEqualTo(Files.readAllBytes(model.resolve("params.ndl")));
        assertThatThrownBy(() -> TrainConfig.read(model.resolve("vocab.txt"))).isInstanceOf(UserError.class)
                .hasMessageContaining("vocab.txt");
    }

    @Test
    void theModelPassesItsSelfCheckAndIsRefusedWhenTheRuntimeDisagrees() throws IOException {
        ModelCard card = new ModelDir(model).verify();
        assertThat(card.selfCheck()).as("the card records the probe emissions").isNotNull();
        assertThat(card.selfCheck().tolerance()).isEqualTo(SelfCheck.FP32_TOLERANCE);
        try (LoadedModel ok = LoadedModel.open(model, 4096, 1, null)) {
            assertThat(card.selfCheck().difference(ok.emitter())).isLessThan(SelfCheck.FP32_TOLERANCE);
        }
        // what a runtime that computes something else looks like from the card's side: the recorded
        // emissions no longer match what ONNX Runtime gives on this CPU
        Path copy = tmp.resolve("drifted");
        copyDir(model, copy);
        List<float[][]> shifted = card.selfCheck().emissions().stream().map(e -> {
            float[][] c = new float[e.length][];
            for (int t = 0; t < e.length; t++) {
                c[t] = e[t].clone();
                c[t][1] += 1.55f;
            }
            return c;
        }).toList();
        new ModelDir(copy).save(card.withSelfCheck(new SelfCheck(card.selfCheck().windows(), shifted, card.selfCheck().tolerance())));
        assertThatThrownBy(() -> LoadedModel.open(copy, 4096, 1, null)).isInstanceOf(UserError.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining("fails its self-check on this CPU")
                .hasMessageContaining("differ by 1.55");
    }

    @Test
    void corruptParamsMakeModelCardLoadFailNamingTheFile() throws IOException {
        Path copy = tmp.resolve("corrupt");
        copyDir(model, copy);
        Path params = copy.resolve("params.ndl");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x01; // one flipped bit
        Files.write(params, bytes);
        assertThatThrownBy(() -> new ModelDir(copy).verify()).isInstanceOf(UserError.class)
                .hasMessageContaining(params.toString());

        Files.delete(params);
        assertThatThrownBy(() -> new ModelDir(copy).verify()).isInstanceOf(UserError.class)
                .hasMessageContaining(params.toString());
    }

    @Test
    void resumeAfterAFinishedRunContinuesFromTheCheckpoint() throws IOException {
        Path copy = tmp.resolve("resumed");
        copyDir(model, copy);
        JsonNode pointer = new ObjectMapper().readTree(copy.resolve("checkpoint.json").toFile());
        assertThat(pointer.get("state").get("step").asLong()).isEqualTo(STEPS);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Scores resumed = train(config(copy, STEPS + 4, true), log);
        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("resumed at step " + STEPS);
        assertThat(resumed.f1()).as(out).isGreaterThan(0.8);
        List<String> rows = Files.readAllLines(copy.resolve("train-log.jsonl"));
        assertThat(rows).hasSize(STEPS / EVAL_EVERY + 1);
        assertThat(new ObjectMapper().readTree(rows.get(rows.size() - 1)).get("step").asLong()).isEqualTo(STEPS + 4);
        assertThat(new ObjectMapper().readTree(copy.resolve("checkpoint.json").toFile()).get("state").get("step").asLong())
                .isEqualTo(STEPS + 4);
        new ModelDir(copy).verify(); // the rewritten card verifies

        // resuming at the step budget trains nothing and still finishes cleanly
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        train(config(copy, STEPS + 4, true), again);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("resumed at step " + (STEPS + 4));
        assertThat(Files.readAllLines(copy.resolve("train-log.jsonl"))).hasSize(rows.size());
    }

    /** The log rows without their timings. */
    private static List<JsonNode> rows(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(Trainer.LOG))) {
            com.fasterxml.jackson.databind.node.ObjectNode row = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
            row.remove("elapsed_s");
            rows.add(row);
        }
        return rows;
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static Path copyOfModel(String name) throws IOException {
        Path copy = tmp.resolve(name);
        copyDir(model, copy);
        return copy;
    }

    private static Throwable resumeFails(Path dir) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> train(config(dir, STEPS, true), new ByteArrayOutputStream()));
    }

    @Test
    void keepsTheNewestAndThePreviousCheckpoint() throws IOException {
        try (Stream<Path> files = Files.list(model)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted())
                    .containsExactly("checkpoint-100", "checkpoint-150");
        }
        JsonNode pointer = new ObjectMapper().readTree(model.resolve("checkpoint.json").toFile());
        assertThat(pointer.path("previous").path("step").asLong()).isEqualTo(100);
        assertThat(pointer.path("files").path("optimizer.ndl").path("sha256").asText()).hasSize(64);
        assertThat(pointer.path("run_files").fieldNames()).toIterable().containsExactly("vocab.txt", "bigrams.txt");
    }

    @Test
    void resumeFallsBackToThePreviousCheckpointWhenTheNewestIsDamagedAndStillEndsExactly() throws IOException {
        Path copy = copyOfModel("fallback");
        Path optimizer = copy.resolve("checkpoint-150/optimizer.ndl");
        truncate(optimizer);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        train(config(copy, STEPS, true), log);
        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.contains("resuming from the previous checkpoint at step 100")))
                .as(out).singleElement().asString().contains(optimizer.toString() + " is truncated");
        assertThat(out).contains("resumed at step 100");
        // the steps after the fallback are trained again to the same parameters and the same log
        assertThat(Files.readAllBytes(copy.resolve("checkpoint-150/params.ndl")))
                .isEqualTo(Files.readAllBytes(model.resolve("checkpoint-150/params.ndl")));
        assertThat(Files.readAllBytes(copy.resolve("params.ndl"))).isEqualTo(Files.readAllBytes(model.resolve("params.ndl")));
        assertThat(rows(copy)).isEqualTo(rows(model));
    }

    @Test
    void aTruncatedOptimizerStateIsNamedWhenNoCheckpointIsLeft() throws IOException {
        Path copy = copyOfModel("both-truncated");
        truncate(copy.resolve("checkpoint-150/optimizer.ndl"));
        truncate(copy.resolve("checkpoint-100/optimizer.ndl"));
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class)
                .hasMessageContaining(copy.resolve("checkpoint-150/optimizer.ndl") + " is truncated")
                .hasMessageContaining(copy.resolve("checkpoint-100/optimizer.ndl") + " is truncated")
                .hasMessageContaining("--overwrite");
    }

    @Test
    void anEmptyOrGarbageCheckpointPointerIsNamed() throws IOException {
        Path copy = copyOfModel("bad-pointer");
        Path pointer = copy.resolve("checkpoint.json");
        Files.writeString(pointer, "");
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class).hasMessageContaining(pointer + " is empty");
        Files.writeString(pointer, "{\"dir\": \"checkpoint-150\", \"state\": {\"st");
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class).hasMessageContaining(pointer + " is not valid JSON");
        Files.writeString(pointer, "[1, 2]");
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class).hasMessageContaining(pointer + " is not a checkpoint pointer");
        Files.writeString(pointer, "{\"dir\": \"../../etc\", \"state\": {\"step\": 3}}");
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class).hasMessageContaining(pointer + " is not a checkpoint pointer");
    }

    @Test
    void aTruncatedVocabularyIsNamedInsteadOfBlamingTheParameters() throws IOException {
        Path copy = copyOfModel("bad-vocab");
        truncate(copy.resolve("vocab.txt"));
        assertThat(resumeFails(copy)).isInstanceOf(UserError.class)
                .hasMessageContaining(copy.resolve("vocab.txt") + " is truncated")
                .hasMessageNotContaining("params.ndl");
    }

    @Test
    void aNewRunRefusesToDiscardAnInterruptedRunUnlessOverwriting() throws IOException {
        Path copy = copyOfModel("interrupted");
        Path pointer = copy.resolve("checkpoint.json");
        // what a stopped or killed run leaves: a pointer that is not marked finished
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(pointer.toFile());
        assertThat(node.path("finished").asBoolean()).as("a finished run is marked").isTrue();
        node.remove("finished");
        Files.write(pointer, new ObjectMapper().writeValueAsBytes(node));
        byte[] vocab = Files.readAllBytes(copy.resolve("vocab.txt"));

        assertThatThrownBy(() -> train(config(copy, 20, false), new ByteArrayOutputStream()))
                .isInstanceOf(UserError.class)
                .hasMessage(copy + " holds an interrupted run at step " + STEPS
                        + "; use --resume to continue or --overwrite to discard it");
        assertThat(copy.resolve("checkpoint-150/params.ndl")).as("nothing discarded").isRegularFile();
        assertThat(Files.readAllBytes(copy.resolve("vocab.txt"))).isEqualTo(vocab);

        Run both = new Run(TrainConfig.builder("tiny", data, copy).steps(20).batch(8).lr(2e-3f).headLr(1e-2f).warmup(10)
                .evalEvery(10).patience(100).seed(42).maxLen(64).maxBigrams(30000).build(), true, true);
        assertThatThrownBy(() -> train(both, new ByteArrayOutputStream())).isInstanceOf(UserError.class)
                .hasMessageContaining("--resume and --overwrite exclude each other");

        Run overwrite = new Run(TrainConfig.builder("tiny", data, copy).steps(20).batch(8).lr(2e-3f).headLr(1e-2f).warmup(10)
                .evalEvery(10).patience(100).seed(42).maxLen(64).maxBigrams(30000).build(), false, true);
        train(overwrite, new ByteArrayOutputStream());
        try (Stream<Path> files = Files.list(copy)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted())
                    .containsExactly("checkpoint-10", "checkpoint-20");
        }
        assertThat(rows(copy)).extracting(r -> r.get("step").asLong()).containsExactly(10L, 20L);
        // a finished run may be replaced without --overwrite
        train(config(copy, 20, false), new ByteArrayOutputStream());
    }
}
