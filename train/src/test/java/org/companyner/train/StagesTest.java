package org.companyner.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multi-stage training: the second stage continues the first stage's model; finished stages are kept on a rerun. */
class StagesTest {
    @TempDir
    Path tmp;

    @Test
    void theSecondStageContinuesTheFirstAndARerunKeepsFinishedStages() throws IOException {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path gold = TinyCorpus.write(tmp.resolve("gold.jsonl"));
        // stage 1 data: the same sentences as JSONL with every mention's characters unknown (nothing labelled)
        ObjectMapper json = new ObjectMapper();
        List<String> partial = new ArrayList<>();
        for (String line : Files.readAllLines(gold)) {
            JsonNode row = json.readTree(line);
            String text = row.get("text").asText();
            List<List<Integer>> unknown = new ArrayList<>();
            row.path("label").path("company").fields().forEachRemaining(e -> e.getValue()
                    .forEach(p -> unknown.add(List.of(p.get(0).asInt(), p.get(1).asInt() + 1))));
            partial.add(json.writeValueAsString(java.util.Map.of("text", text, "entities", List.of(), "unknown", unknown)));
        }
        Path outline = Files.write(tmp.resolve("outline.jsonl"), partial);
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"stages": [
                  {"name": "outline", "train": "%s", "format": "jsonl", "maxSteps": 20},
                  {"name": "gold", "train": "%s", "format": "cluener", "maxSteps": 30, "lr": 0.001}
                ]}""".formatted(outline.toUri(), gold.toUri()));
        TrainConfig base = TrainConfig.builder("tiny", gold, tmp.resolve("ms")).batch(8).lr(2e-3f).headLr(1e-2f)
                .warmup(5).evalEvery(10).patience(100).seed(42).maxLen(64).build();
        List<Stages.Stage> stages = Stages.read(recipe, base, tmp.resolve("ms"));
        assertThat(stages).extracting(Stages.Stage::name).containsExactly("outline", "gold");
        assertThat(stages.get(0).config().maxSteps()).isEqualTo(20);
        assertThat(stages.get(1).config().lr()).isEqualTo(0.001f);
        assertThat(stages.get(1).config().batchSize()).as("inherited from the base").isEqualTo(8);
        assertThat(stages.get(1).config().continueFrom()).isEqualTo(stages.get(0).config().out());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            Stages.run(stages, false, ps);
        }
        Path first = stages.get(0).config().out();
        Path second = stages.get(1).config().out();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("continuing the model in");
        assertThat(Files.readAllBytes(second.resolve("vocab.txt"))).as("the second stage reads with the first's vocabulary")
                .isEqualTo(Files.readAllBytes(first.resolve("vocab.txt")));
        JsonNode card = json.readTree(second.resolve("model.json").toFile());
        assertThat(card.path("training").path("config").path("continueFrom").asText()).contains("stage-1-outline");

        byte[] params = Files.readAllBytes(second.resolve("params.ndl"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(again, true, StandardCharsets.UTF_8)) {
            Stages.run(stages, true, ps);
        }
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("(outline): finished earlier").contains("(gold): finished earlier");
        assertThat(Files.readAllBytes(second.resolve("params.ndl"))).isEqualTo(params);
    }

    @Test
    void aRecipeWithoutStagesIsNamedInTheError() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("bad.json"), "{\"steps\": 3}");
        TrainConfig base = TrainConfig.builder("tiny", recipe, tmp.resolve("x")).build();
        assertThatThrownBy(() -> Stages.read(recipe, base, tmp.resolve("x"))).isInstanceOf(UserError.class)
                .hasMessageContaining("bad.json");
    }
}
