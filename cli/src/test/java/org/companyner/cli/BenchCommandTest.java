package org.companyner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {
    @Test
    void reportsSaneFiguresForATinyPresetAndWritesAChart(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("articles.txt");
        Files.writeString(text, "华星科技股份有限公司今日发布公告。\n蓝海集团与星辰动力签署协议，双方将合作。\n".repeat(20));
        Path png = dir.resolve("bench.png");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "--models", "tiny", "--text", text.toString(), "--rounds", "1",
                "--threads", "1", "--json", "--png", png.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode m = new ObjectMapper().readTree(out.toString()).get("models").get(0);
        assertThat(m.get("name").asText()).isEqualTo("tiny");
        assertThat(m.get("chars_per_second").asLong()).isPositive();
        assertThat(m.get("sentences_per_second").asLong()).isPositive();
        assertThat(m.get("p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(m.get("p99_ms").asDouble());
        assertThat(m.get("peak_rss_mb").asLong()).isPositive();
        assertThat(m.get("flops_per_char").asDouble()).isPositive();
        assertThat(m.get("roofline_fraction").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.size(png)).isPositive();
    }

    @Test
    void benchesTheBiLstmPreset(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("articles.txt");
        Files.writeString(text, "华星科技股份有限公司今日发布公告。\n蓝海集团与星辰动力签署协议。\n".repeat(10));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "--models", "bilstm", "--text", text.toString(), "--rounds", "1",
                "--threads", "1", "--json"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode m = new ObjectMapper().readTree(out.toString()).get("models").get(0);
        assertThat(m.get("name").asText()).isEqualTo("bilstm");
        assertThat(m.get("chars_per_second").asLong()).isPositive();
        // no attention: the figure does not depend on the window length (Flops.perChar)
        assertThat(m.get("flops_per_char").asDouble()).isEqualTo(853_504.0);
    }

    @Test
    void theLabelledDefaultTextsGiveTrainedModelsDevScoresInJsonAndTable(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shared").resolve("data");
        Files.createDirectories(data.resolve("cluener2020"));
        Files.createDirectories(data.resolve("cfsc_ner"));
        Files.writeString(data.resolve("cluener2020/dev.json"),
                "{\"text\":\"华星科技股份有限公司今日发布公告称，招商银行股价上涨。\",\"label\":{\"company\":{\"招商银行\":[[18,21]]}}}\n");
        Files.writeString(data.resolve("cfsc_ner/val.json"),
                "[{\"text\":\"蓝海集团与星辰动力签署协议。\",\"labels\":[{\"text\":\"蓝海集团\",\"Level 1 Aspect\":\"Corporate\",\"from\":0,\"to\":4}]}]");
        Files.createDirectories(dir.resolve("home"));
        String before = System.getProperty("companyner.home");
        System.setProperty("companyner.home", dir.resolve("home").toString());
        try {
            String model = Path.of("..", "models", "default").toString();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[]{"bench", "--models", model + ",tiny", "--rounds", "1", "--threads", "1",
                    "--json"}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as(err.toString()).isZero();
            JsonNode models = new ObjectMapper().readTree(out.toString()).get("models");
            assertThat(models.get(0).get("dev_f1").asDouble()).isBetween(0.0, 1.0);
            assertThat(models.get(0).has("dev_precision") && models.get(0).has("dev_recall")).isTrue();
            assertThat(models.get(1).has("dev_f1")).as("random weights are not scored").isFalse();

            StringWriter table = new StringWriter();
            code = Main.run(new String[]{"bench", "--models", model, "--rounds", "1", "--threads", "1"},
                    new PrintWriter(table), new PrintWriter(new StringWriter()));
            assertThat(code).isZero();
            assertThat(table.toString()).contains("dev F1");
        } finally {
            if (before == null) {
                System.clearProperty("companyner.home");
            } else {
                System.setProperty("companyner.home", before);
            }
        }
    }
}
