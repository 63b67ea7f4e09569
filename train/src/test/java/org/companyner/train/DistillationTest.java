package org.companyner.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.io.DataReader;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.text.Document;
import org.companyner.text.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Distillation as two stages of the loop: the teacher stage trains on soft targets, the gold stage continues it. */
class DistillationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The tiny corpus as a teacher would label it: its gold path, marginals a little softer than certain. */
    private Path teacherLabels(Path gold) throws IOException {
        List<Document> docs = new ArrayList<>();
        for (Document d : DataReader.read(gold, Format.parse("cluener"), LabelMap.parse("company"))) {
            int[] tags = d.tags();
            float[][] m = new float[tags.length][Tags.COUNT];
            for (int i = 0; i < tags.length; i++) {
                for (int j = 0; j < Tags.COUNT; j++) {
                    m[i][j] = j == tags[i] ? 0.9f : 0.05f;
                }
                if (i == 0 || tags[i - 1] == Tags.O) { // a CRF never puts mass on I there
                    m[i][tags[i]] += m[i][Tags.I];
                    m[i][Tags.I] = 0f;
                }
            }
            docs.add(d.withMarginals(m));
        }
        Path out = tmp.resolve("teacher.jsonl");
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            DataWriter.write(docs, Format.parse("jsonl"), "COMPANY", w);
        }
        return out;
    }

    private static List<JsonNode> log(Path dir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("train-log.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void theTeacherStageLearnsFromMarginalsAloneAndTheGoldStageContinuesIt() throws IOException {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path gold = TinyCorpus.write(tmp.resolve("gold.jsonl"));
        Path labels = teacherLabels(gold);
        TrainConfig base = TrainConfig.builder("tiny", gold, tmp.resolve("unused")).batch(8).lr(2e-3f).headLr(1e-2f)
                .warmup(5).evalEvery(10).patience(100).seed(42).maxLen(64).build();
        // unknown below 1: every hard tag is unknown, so all the teacher stage learns comes from the soft term
        Distillation.Plan plan = new Distillation.Plan(labels, gold, "cluener", "company", 60, 20, 1f, 0.1f, 1f);
        List<Stages.Stage> stages = Distillation.stages(base, plan, tmp.resolve("d"));
        assertThat(stages).extracting(Stages.Stage::name).containsExactly("teacher", "gold");
        TrainConfig teacher = stages.get(0).config();
        TrainConfig second = stages.get(1).config();
        assertThat(teacher.softWeight()).isEqualTo(1f);
        assertThat(teacher.charDropout()).isEqualTo(0.1f);
        assertThat(teacher.format()).isEqualTo("jsonl");
        assertThat(second.softWeight()).isZero();
        assertThat(second.charDropout()).isZero();
        assertThat(second.continueFrom()).isEqualTo(teacher.out());

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            Distillation.run(base, plan, tmp.resolve("d"), false, ps);
        }
        List<JsonNode> rows = log(teacher.out()).stream().filter(r -> r.hasNonNull("kl")).toList();
        assertThat(rows).as("the teacher stage logs its KL term").hasSizeGreaterThanOrEqualTo(3);
        double first = rows.get(0).get("kl").asDouble();
        double last = rows.get(rows.size() - 1).get("kl").asDouble();
        assertThat(last).as("KL to the teacher falls (first %.3f)", first).isLessThan(first * 0.7);
        for (JsonNode r : rows) {
            assertThat(r.get("loss").asDouble()).as("no known hard tag: the CRF loss is 0").isLessThan(1e-4);
        }
        JsonNode card = JSON.readTree(second.out().resolve("model.json").toFile());
        assertThat(card.path("training").path("config").path("softWeight").asDouble()).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("continuing the model in");
        assertThat(log(second.out())).allMatch(r -> !r.has("kl"));
    }

    @Test
    void missingTeacherLabelsAreAUserError() {
        TrainConfig base = TrainConfig.builder("tiny", tmp.resolve("x"), tmp.resolve("y")).build();
        Distillation.Plan plan = new Distillation.Plan(tmp.resolve("none.jsonl"), null, "cluener", "company", 10, 10, 1f, 0f, 0f);
        assertThatThrownBy(() -> Distillation.stages(base, plan, tmp.resolve("d")))
                .isInstanceOf(UserError.class).hasMessageContaining("none.jsonl").hasMessageContaining("bulk --marginals");
    }
}
