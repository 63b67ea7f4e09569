package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code eval --format general-news}: the general-news company set, scored with the shipped default model. */
class GeneralNewsEvalTest {
    private static final Path DATA = Path.of("..", "..", "shared", "data");
    private static final String MODEL = Path.of("..", "models", "default").toString();

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void missingDataFolderIsAOneLineErrorThatSaysWhatToGive() {
        Result r = run("eval", "--model", MODEL, "--format", "general-news", "--data", "no/such/folder");
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).startsWith("error:").contains("no such folder").contains("--data ../shared/data");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void labelIsRefusedForGeneralNewsAndRequiredForFiles() {
        Result general = run("eval", "--model", MODEL, "--format", "general-news", "--data", ".", "--label", "ORG");
        assertThat(general.code()).isNotZero();
        assertThat(general.err()).contains("--label does not apply to --format general-news");
        Result file = run("eval", "--model", MODEL, "--format", "bio", "--data", "pom.xml");
        assertThat(file.code()).isNotZero();
        assertThat(file.err()).contains("--label is required for --format bio");
    }

    @Test
    void reportsRecallAndTheSetsCountsWithThePrecisionCaveat() throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("msra_ner")) && Files.isDirectory(DATA.resolve("people_daily1998_ner")),
                "shared data folder not present");
        Result r = run("eval", "--model", MODEL, "--format", "general-news", "--data", DATA.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("set").asText()).isEqualTo("general-news");
        assertThat(json.get("sentences").asInt()).isEqualTo(3442 + 4636);
        assertThat(json.get("tp").asLong() + json.get("fn").asLong()).isEqualTo(json.get("company_mentions").asLong());
        assertThat(json.get("recall").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("note").asText()).contains("precision is only indicative");
    }
}
