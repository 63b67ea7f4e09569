package org.companyner.cli;

import org.companyner.train.TinyCorpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.companyner.text.CodePoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line through {@link Main#run}: one tiny model is trained once for the class with the
 * {@code train} command, then {@code tag} and {@code eval} are checked on outputs and on every kind of
 * bad input (exit code 2, one-line message, never a stack trace).
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;

    record Result(int code, String out, String err) {
        List<JsonNode> jsonLines() {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : out.split("\n", -1)) {
                if (!line.isEmpty()) {
                    try {
                        rows.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                }
            }
            return rows;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainTinyModel() throws IOException {
        // One PyTorch intra-op thread: on a 2-core machine shared with a background training job, two
        // spinning threads made this tiny run about 15 times slower (measured 52 s against 3.6 s).
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        data = TinyCorpus.write(tmp.resolve("train.jsonl"));
        model = tmp.resolve("model");
        Result r = run("train", "--arch", "tiny", "--data", data.toString(), "--format", "cluener", "--label", "company",
                "--out", model.toString(), "--steps", "60", "--batch", "8", "--lr", "3e-3", "--head-lr", "1e-2",
                "--warmup", "5", "--eval-every", "20", "--patience", "100", "--max-len", "64", "--seed", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(model.resolve("model.json")).isRegularFile();
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static Result tag(String... args) {
        List<String> all = new ArrayList<>(List.of("tag", "--model", model.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** A one-line user error: exit 2, "error: ..." naming what is wrong, no stack trace. */
    private static void assertUserError(Result r, String... mustContain) {
        assertThat(r.code()).as("exit code; err: %s", r.err()).isEqualTo(2);
        assertThat(r.err()).contains(mustContain).doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContain("\tat ");
        assertThat(r.out()).as("no output on error").isEmpty();
    }

    @Test
    void tagPrintsOneJsonLinePerInputLineKeepingOriginalCharacters() throws IOException {
        List<String> articles = List.of(
                "华星科技股份有限公司今日发布年度报告。",
                "",
                "星辰ABC科技有限公司与本地政府签署合作协议",
                "今日股市小幅上涨。",
                "据悉，蓝海集团计划在杭州设立研发中心。");
        Path in = write("articles.txt", String.join("\n", articles) + "\n");
        Result r = tag(in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> rows = r.jsonLines();
        assertThat(rows).hasSize(articles.size());
        assertThat(r.out().split("\n")[1]).isEqualTo("{\"text\":\"\",\"entities\":[]}");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("text").asText()).isEqualTo(articles.get(i));
            for (JsonNode e : rows.get(i).get("entities")) {
                assertThat(e.get("text").asText()).isEqualTo(
                        CodePoints.substring(articles.get(i), e.get("start").asInt(), e.get("end").asInt()));
                assertThat(e.get("type").asText()).isEqualTo("COMPANY");
            }
        }
        assertThat(rows.get(0).get("entities").findValuesAsText("text")).containsExactly("华星科技股份有限公司");
        // Latin letters are lower-cased for the model only: the output keeps the original characters
        assertThat(rows.get(2).get("entities").findValuesAsText("text")).containsExactly("星辰ABC科技有限公司");
        assertThat(rows.get(3).get("entities")).isEmpty();
    }

    @Test
    void tagOffsetsAreCodePointsAfterEmoji() throws IOException {
        String article = "😀🏢华星科技股份有限公司今日发布年度报告。";
        Path in = write("emoji.txt", article + "\r\n");
        Result r = tag(in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode row = r.jsonLines().get(0);
        assertThat(row.get("text").asText()).isEqualTo(article);
        JsonNode e = row.get("entities").get(0);
        assertThat(e.get("start").asInt()).isEqualTo(2); // two code points, four UTF-16 chars
        assertThat(e.get("end").asInt()).isEqualTo(12);
        assertThat(e.get("text").asText()).isEqualTo("华星科技股份有限公司");
    }

    @Test
    void tagReadsJsonLines() throws IOException {
        Path in = write("articles.jsonl", "{\"text\":\"蓝海集团今日发布年度报告。\",\"id\":1}\n\n{\"text\":\"\"}\n");
        Result r = tag("--input-format", "jsonl", in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> rows = r.jsonLines();
        assertThat(rows).hasSize(2); // blank lines are skipped in JSON lines
        assertThat(rows.get(0).get("entities").findValuesAsText("text")).containsExactly("蓝海集团");
        assertThat(rows.get(1).toString()).isEqualTo("{\"text\":\"\",\"entities\":[]}");
    }

    @Test
    void tagReadsStandardInputWhenNoFileIsGiven() {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("蓝海集团今日发布年度报告。\n\n".getBytes(StandardCharsets.UTF_8)));
            Result r = tag();
            assertThat(r.code()).as(r.err()).isZero();
            List<JsonNode> rows = r.jsonLines();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("entities").findValuesAsText("text")).containsExactly("蓝海集团");
            assertThat(rows.get(1).toString()).isEqualTo("{\"text\":\"\",\"entities\":[]}");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void tagWritesToOutputFile() throws IOException {
        Path in = write("one.txt", "蓝海集团今日发布年度报告。\n");
        Path outFile = tmp.resolve("tagged.jsonl");
        Result r = tag("-o", outFile.toString(), in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllLines(outFile)).hasSize(1).allMatch(l -> l.startsWith("{\"text\":\"蓝海集团"));
    }

    @Test
    void emptyInputFileGivesNoOutput() throws IOException {
        Result r = tag(write("empty.txt", "").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedJsonLineIsExit2WithFileAndLine() throws IOException {
        Path in = write("bad.jsonl", "{\"text\":\"蓝海集团\"}\n{\"text\": oops}\n");
        assertUserError(tag("--input-format", "jsonl", in.toString()), in + ":2:");
        Path notText = write("notext.jsonl", "{\"text\":\"蓝海集团\"}\n\n{\"txt\":\"x\"}\n");
        assertUserError(tag("--input-format", "jsonl", notText.toString()), notText + ":3:");
    }

    @Test
    void missingFileIsExit2NoSuchFile() {
        Path missing = tmp.resolve("missing.txt");
        assertUserError(tag(missing.toString()), "no such file", missing.toString());
        assertUserError(run("eval", "--model", model.toString(), "--data", missing.toString(), "--format", "cluener",
                "--label", "company"), "no such file", missing.toString());
    }

    @Test
    void invalidUtf8IsExit2() throws IOException {
        Path bad = tmp.resolve("latin1.txt");
        Files.write(bad, "华星科技\n".getBytes(StandardCharsets.UTF_8));
        Files.write(bad, new byte[] {'a', (byte) 0xE9, 'b', '\n'}, java.nio.file.StandardOpenOption.APPEND);
        assertUserError(tag(bad.toString()), "UTF-8", bad.toString());
    }

    @Test
    void unknownFormatIsExit2() throws IOException {
        Path in = write("fmt.txt", "蓝海集团\n");
        assertUserError(tag("--input-format", "xml", in.toString()), "xml");
        assertUserError(run("eval", "--model", model.toString(), "--data", data.toString(), "--format", "conll-x",
                "--label", "company"), "conll-x");
    }

    @Test
    void missingModelDirectoryIsExit2NamingIt() throws IOException {
        Path in = write("m.txt", "蓝海集团\n");
        Path nowhere = tmp.resolve("no-such-model");
        assertUserError(run("tag", "--model", nowhere.toString(), in.toString()), nowhere.toString());
        assertUserError(run("eval", "--model", nowhere.toString(), "--data", data.toString(), "--format", "cluener",
                "--label", "company"), nowhere.toString());
    }

    @Test
    void evalJsonPrintsOneObjectWithAllScores() throws IOException {
        Result r = run("eval", "--model", model.toString(), "--data", data.toString(), "--format", "cluener",
                "--label", "company", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> rows = r.jsonLines();
        assertThat(rows).hasSize(1);
        JsonNode o = rows.get(0);
        for (String key : List.of("precision", "recall", "f1", "tp", "fp", "fn", "overlap_recall", "sentences", "chars",
                "chars_per_second")) {
            assertThat(o.has(key)).as(key).isTrue();
            assertThat(o.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(o.get("sentences").asInt()).isEqualTo(55);
        assertThat(o.get("tp").asInt() + o.get("fn").asInt()).isEqualTo(50);
        assertThat(o.get("f1").asDouble()).as("the tiny model overfits its own training data").isGreaterThan(0.8);
    }

    @Test
    void evalErrorsFileHoldsJsonLines() throws IOException {
        // gold where one sentence is labelled with a span the model will not predict
        Path gold = write("gold.jsonl", String.join("\n",
                "{\"text\":\"蓝海集团今日发布年度报告。\",\"label\":{\"company\":{\"年度报告\":[[8,11]]}}}",
                "{\"text\":\"今日股市小幅上涨。\",\"label\":{}}") + "\n");
        Path errors = tmp.resolve("errors.jsonl");
        Result r = run("eval", "--model", model.toString(), "--data", gold.toString(), "--format", "cluener",
                "--label", "company", "--errors", errors.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        List<String> kinds = new ArrayList<>();
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.has("kind") && e.has("start") && e.has("end") && e.has("context")).as(line).isTrue();
            kinds.add(e.get("kind").asText() + ":" + e.get("surface").asText());
        }
        assertThat(kinds).contains("FN:年度报告");
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"tag", "--help"},
                new String[] {"eval", "--help"}, new String[] {"train", "--help"}, new String[] {"help", "tag"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage:");
        }
    }

    private static String[] trainInto(Path out, String... more) {
        List<String> all = new ArrayList<>(List.of("train", "--arch", "tiny", "--data", data.toString(), "--out", out.toString(),
                "--steps", "60", "--batch", "8", "--eval-every", "20", "--max-len", "64", "--seed", "7"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void trainConfigRepeatsARunFromItsCardAndOptionsGivenOverrideIt() throws IOException {
        assertUserError(run("train", "--config", model.resolve("model.json").toString()), "give --out for the new run");
        Path again = tmp.resolve("again");
        Result r = run("train", "--config", model.resolve("model.json").toString(), "--out", again.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(again.resolve("params.ndl"))).as("same settings, same seed: the same model")
                .isEqualTo(Files.readAllBytes(model.resolve("params.ndl")));
        Path shorter = tmp.resolve("shorter");
        r = run("train", "--config", model.resolve("model.json").toString(), "--out", shorter.toString(), "--steps", "20");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode config = new ObjectMapper().readTree(shorter.resolve("model.json").toFile()).path("training").path("config");
        assertThat(config.path("maxSteps").asInt()).isEqualTo(20);
        assertThat(config.path("lr").floatValue()).as("not given: taken from the card").isEqualTo(3e-3f);
        assertThat(config.path("seed").asLong()).isEqualTo(7);
    }

    @Test
    void trainRefusesToDiscardAnInterruptedRunAndNamesADamagedCheckpointPointer() throws IOException {
        Path run = tmp.resolve("interrupted");
        Files.createDirectories(run);
        try (var files = Files.walk(model)) {
            for (Path p : files.toList()) {
                if (!p.equals(model)) {
                    Files.copy(p, run.resolve(model.relativize(p).toString()));
                }
            }
        }
        Path pointer = run.resolve("checkpoint.json");
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(pointer.toFile());
        node.remove("finished"); // what a stopped or killed run leaves
        Files.write(pointer, JSON.writeValueAsBytes(node));

        assertUserError(run(trainInto(run)), run + " holds an interrupted run at step 60; use --resume to continue or --overwrite to discard it");
        assertUserError(run(trainInto(run, "--resume", "--overwrite")), "exclude each other");
        Files.writeString(pointer, "");
        assertUserError(run(trainInto(run, "--resume")), pointer + " is empty");
        Files.writeString(pointer, "not json");
        assertUserError(run(trainInto(run, "--resume")), pointer + " is not valid JSON");
    }

    @Test
    void pretrainNamesADamagedSavedConfiguration() throws IOException {
        Path run = tmp.resolve("pretrain-bad-config");
        Files.createDirectories(run);
        Path saved = Files.writeString(run.resolve("pretrain-config.json"), "{\"objective\": \"electra\", \"ar");
        assertUserError(run("pretrain", "--out", run.toString(), "--resume"), saved + " is not a readable pretraining configuration");
        Files.writeString(saved, "");
        assertUserError(run("pretrain", "--out", run.toString(), "--resume"), saved + " is empty");
    }

    @Test
    void trainAndPretrainOfferOverwrite() {
        for (String command : List.of("train", "pretrain")) {
            Result r = run(command, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("--overwrite").contains("Discard an interrupted run");
        }
    }

    @Test
    void jsonlLineWithTwoObjectsIsExit2WithFileAndLine() throws IOException {
        Path in = write("two.jsonl", "{\"text\":\"甲\"}\n{\"text\":\"乙\"}\n{\"text\":\"蓝海集团\"} {\"text\":\"丁\"}\n");
        assertUserError(tag("--input-format", "jsonl", in.toString()), in + ":3: malformed JSON");
        Path garbage = write("garbage.jsonl", "{\"text\":\"蓝海集团\"} trailing\n");
        assertUserError(tag("--input-format", "jsonl", garbage.toString()), garbage + ":1: malformed JSON");
    }

    @Test
    void loneCarriageReturnStaysInsideTheArticleAndLaterLinesKeepTheirPlace() throws IOException {
        Path in = write("cr.txt", "今日\r蓝海集团发布年度报告。\r\n今日股市小幅上涨。\n蓝海集团今日发布年度报告。\n");
        Result r = tag(in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> rows = r.jsonLines();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("text").asText()).isEqualTo("今日\r蓝海集团发布年度报告。");
        for (JsonNode e : rows.get(0).get("entities")) { // offsets count the '\r' as one code point
            assertThat(e.get("text").asText()).isEqualTo(CodePoints.substring(rows.get(0).get("text").asText(),
                    e.get("start").asInt(), e.get("end").asInt()));
        }
        assertThat(rows.get(1).get("text").asText()).isEqualTo("今日股市小幅上涨。");
        assertThat(rows.get(2).get("entities").findValuesAsText("text")).containsExactly("蓝海集团");
    }

    @Test
    void loneSurrogateInJsonlIsExit2WithFileAndLine() throws IOException {
        Path in = write("surrogate.jsonl", "{\"text\":\"蓝海集团\"}\n{\"text\":\"蓝海\\ud800集团\"}\n");
        assertUserError(tag("--input-format", "jsonl", in.toString()), in + ":2:", "lone surrogate \\ud800");
    }

    @Test
    void zeroThreadsOrBatchIsAOneLineError() throws IOException {
        Path in = write("t.txt", "蓝海集团\n");
        assertOneLine(assertUserErrorResult(tag("--threads", "0", in.toString()), "--threads must be at least 1, got 0"));
        assertOneLine(assertUserErrorResult(tag("--batch-tokens", "0", in.toString()), "--batch-tokens"));
        assertOneLine(assertUserErrorResult(run("eval", "--model", model.toString(), "--threads", "0", "--data",
                data.toString(), "--format", "cluener", "--label", "company"), "--threads must be at least 1"));
        assertOneLine(assertUserErrorResult(run("train", "--data", data.toString(), "--out", tmp.resolve("never").toString(),
                "--steps", "0"), "--steps must be at least 1, got 0"));
    }

    @Test
    void outputIntoAMissingDirectoryIsAOneLineError() throws IOException {
        Path in = write("o.txt", "蓝海集团\n");
        Path nowhere = tmp.resolve("no-such-dir").resolve("x.jsonl");
        assertOneLine(assertUserErrorResult(tag("-o", nowhere.toString(), in.toString()), nowhere.toString(), "does not exist"));
        assertThat(nowhere.getParent()).doesNotExist();
        assertOneLine(assertUserErrorResult(run("eval", "--model", model.toString(), "--data", data.toString(), "--format",
                "cluener", "--label", "company", "--errors", nowhere.toString()), "--errors", "does not exist"));
        assertOneLine(assertUserErrorResult(tag("-o", tmp.toString(), in.toString()), "is a directory"));
    }

    @Test
    void namesWithAModelWithoutGazetteerIsAnError() throws IOException {
        Path in = write("n.txt", "蓝海集团\n");
        Path names = write("names.txt", "蓝海集团\n");
        assertOneLine(assertUserErrorResult(tag("--names", names.toString(), in.toString()), "--names", "--lexicon",
                model.toString()));
    }

    @Test
    void unknownCommandIsAnErrorEvenWithHelp() {
        for (String[] args : List.of(new String[] {"no-such-command", "--help"}, new String[] {"no-such-command"},
                new String[] {"--help", "no-such-command"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertOneLine(r);
            assertThat(r.err()).contains("unknown command 'no-such-command'").contains("tag");
        }
        Result stray = run("eval", "stray", "--help");
        assertThat(stray.code()).isEqualTo(2);
        assertThat(stray.err()).contains("'stray'");
    }

    private static Result assertUserErrorResult(Result r, String... mustContain) {
        assertUserError(r, mustContain);
        return r;
    }

    private static void assertOneLine(Result r) {
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").startsWith("error: ");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("tag", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option").doesNotContain("Exception");
        assertOneLine(r);
    }
}
