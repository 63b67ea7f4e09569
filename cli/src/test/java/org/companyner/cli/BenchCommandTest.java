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
}
