package org.companyner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.runtime.LoadedModel;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped default model is loadable offline, intact, small, and finds an obvious company. */
class DefaultModelTest {
    private static final Path DEFAULT = Path.of("..", "models", "default");

    @Test
    void shippedModelIsSmallAndVerifiesItsChecksums() throws Exception {
        long bytes;
        try (var files = Files.list(DEFAULT)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).isLessThan(25L * 1024 * 1024);
        try (LoadedModel m = LoadedModel.open(DEFAULT, 4096, 1, null)) {
            assertThat(m.card().files()).containsKeys("model.onnx", "crf.json", "vocab.txt", "bigrams.txt", "lexicon.txt");
            var found = m.recognizer().recognize(List.of("华星科技股份有限公司今日发布公告称，招商银行股价上涨。"));
            assertThat(found.get(0)).extracting(e -> e.text()).contains("华星科技股份有限公司", "招商银行");
        }
    }

    @Test
    void tagUsesTheDefaultModelWhenNoneIsGiven() throws Exception {
        String home = System.getProperty("companyner.home");
        System.setProperty("companyner.home", "..");
        try {
            Path input = Files.createTempFile("news", ".txt");
            Files.writeString(input, "平安银行发布年报。\n");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[]{"tag", input.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as(err.toString()).isZero();
            JsonNode line = new ObjectMapper().readTree(out.toString().lines().findFirst().orElseThrow());
            assertThat(line.get("entities").get(0).get("text").asText()).isEqualTo("平安银行");
            assertThat(line.get("entities").get(0).get("start").asInt()).isZero();
        } finally {
            if (home == null) {
                System.clearProperty("companyner.home");
            } else {
                System.setProperty("companyner.home", home);
            }
        }
    }
}
