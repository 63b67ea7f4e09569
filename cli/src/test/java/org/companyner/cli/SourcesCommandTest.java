package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sources} verb on an invented data root (name list and suffixes) and an invented CLUENER file. */
class SourcesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsPerSourceScoresAsJsonAndRefusesMissingTrainSplits() throws IOException {
        Path gaz = Files.createDirectories(tmp.resolve("data/gazetteers"));
        Files.writeString(gaz.resolve("company_names_union.tsv"), "name\tsources\n星河科技\tlisted_short\n东方钢\tlisted_short\n");
        Files.writeString(gaz.resolve("companynameparser_suffix.txt"), "有限公司\n公司\n");
        Path dev = tmp.resolve("dev.json");
        Files.writeString(dev, "{\"text\":\"星河科技和东方钢铁合作\",\"label\":{\"company\":{\"星河科技\":[[0,3]],\"东方钢铁\":[[5,8]]}}}\n");
        String[] common = {"sources", "--data", dev.toString(), "--format", "cluener", "--label", "company",
                "--data-root", tmp.resolve("data").toString()};

        StringWriter out = new StringWriter();
        String[] args = concat(common, "--sources", "gazetteer-trusted", "--json");
        assertThat(Main.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))).isZero();
        JsonNode row = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(row.get("source").asText()).isEqualTo("gazetteer-trusted");
        assertThat(row.get("scores").get("precision").asDouble()).isEqualTo(0.5);
        assertThat(row.get("scores").get("recall").asDouble()).isEqualTo(0.5);
        assertThat(row.get("scores").get("overlapRecall").asDouble()).isEqualTo(1.0);

        StringWriter err = new StringWriter();
        int code = Main.run(concat(common, "--sources", "msra"), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("msra").contains("train");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
