package org.companyner.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.companyner.io.ArticleReader;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs the job in local mode on invented inputs and checks it against the core {@code Recognizer} (what
 * {@code tag} prints): every article once, tagged or in the errors; offsets that match the text; the same
 * mentions.
 */
class BulkJobTest {
    private static final Path MODEL = Path.of("..", "models", "default");
    private static final int MAX_CHARS = 300;
    private static final String ASTRAL = "𠮷野家控股有限公司在北京开设新店，𠮷字在基本平面之外。";
    private static final String TOO_LONG = "腾讯".repeat(200);
    private static final List<String> CLEAN = List.of(
            "阿里巴巴集团控股有限公司今日公布季度业绩，营收同比增长。",
            "",
            ASTRAL,
            "中国平安保险（集团）股份有限公司与华为技术有限公司签署战略合作协议。",
            "他说\r这一行里有一个单独的回车。",
            "今天天气很好。",
            "北京小米科技有限责任公司发布新手机，比亚迪股份有限公司的股价上涨。");

    private static SparkSession spark;
    private static LoadedModel oracle;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = BulkCommand.session("local[2]");
        oracle = LoadedModel.open(MODEL, 4096, 1, null);
    }

    @AfterAll
    static void stop() {
        oracle.close();
        spark.stop();
    }

    /** clean.txt: BOM, CRLF endings, an empty line, a lone CR, an astral character; bad.txt: invalid UTF-8 and a too-long line. */
    private static Path textInput() throws IOException {
        Path in = dir.resolve("text-in");
        if (Files.isDirectory(in)) {
            return in;
        }
        Files.createDirectories(in);
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        clean.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (int i = 0; i < CLEAN.size(); i++) {
            clean.write(CLEAN.get(i).getBytes(StandardCharsets.UTF_8));
            clean.write((i % 2 == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(in.resolve("clean.txt"), clean.toByteArray());
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write("腾讯控股有限公司宣布回购股份。\n".getBytes(StandardCharsets.UTF_8));
        bad.write("坏的".getBytes(StandardCharsets.UTF_8));
        bad.write(new byte[] {(byte) 0xFF, (byte) 0xC3, '\n'});
        bad.write((TOO_LONG + "\n").getBytes(StandardCharsets.UTF_8));
        bad.write(ASTRAL.getBytes(StandardCharsets.UTF_8)); // no final newline
        Files.write(in.resolve("bad.txt"), bad.toByteArray());
        return in;
    }

    /** The articles tag reads from clean.txt, so that the comparison includes its line handling. */
    private static List<String> tagReads(Path file) throws IOException {
        try (InputStream s = Files.newInputStream(file); ArticleReader r = new ArticleReader(s, file.toString(), ArticleReader.Layout.TEXT)) {
            return r.next(1000);
        }
    }

    private static Path jsonlInput() throws IOException {
        Path in = dir.resolve("jsonl-in.jsonl");
        if (!Files.exists(in)) {
            Files.writeString(in, String.join("\n",
                    "{\"id\": \"a1\", \"text\": \"阿里巴巴集团控股有限公司今日公布季度业绩。\"}",
                    "",
                    "{\"id\": 7, \"text\": \"" + ASTRAL + "\"}",
                    "{\"text\": \"华为技术有限公司与腾讯控股有限公司合作。\"}",
                    "{\"id\": \"broken\", \"text\": ",
                    "{\"id\": \"surrogate\", \"text\": \"坏\\ud800的\"}",
                    "{\"id\": \"long\", \"text\": \"" + TOO_LONG + "\"}",
                    "{\"id\": \"empty\", \"text\": \"\"}") + "\n", StandardCharsets.UTF_8);
        }
        return in;
    }

    private BulkSummary run(Path input, BulkConfig.InputFormat in, BulkConfig.OutputFormat out, boolean marginals, String name) {
        return BulkJob.run(spark, new BulkConfig(List.of(input.toString()), in, dir.resolve(name).toString(), null, out,
                MODEL.toString(), marginals, true, MAX_CHARS, 4096, 1, 3, false));
    }

    private List<Row> read(String name, BulkConfig.OutputFormat format) {
        String path = dir.resolve(name).toString();
        return (format == BulkConfig.OutputFormat.JSONL ? spark.read().json(path) : spark.read().parquet(path)).collectAsList();
    }

    /** Checks both outputs of run {@code name}: each expected id exactly once, tags equal to the Recognizer's. */
    private void check(String name, BulkConfig.OutputFormat format, Map<String, String> tagged, Map<String, String> failed,
                       BulkSummary summary, boolean marginals) {
        List<Row> rows = read(name, format);
        List<Row> errors = read(name + "-errors", format);
        assertThat(summary.read()).isEqualTo(tagged.size() + failed.size());
        assertThat(summary.tagged()).isEqualTo(tagged.size());
        assertThat(summary.failed()).isEqualTo(failed.size());

        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getAs("id")));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(tagged.keySet());
        Map<String, String> reasons = new HashMap<>();
        errors.forEach(r -> assertThat(reasons.put(r.getAs("id"), r.getAs("reason"))).isNull());
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(failed.keySet());
        failed.forEach((id, reason) -> assertThat(reasons.get(id)).contains(reason));

        List<String> texts = new ArrayList<>(tagged.values());
        List<List<Entity>> expected = oracle.recognizer().recognize(texts);
        int mentions = 0;
        for (Row r : rows) {
            String id = r.getAs("id");
            String text = r.getAs("text") == null ? "" : r.getAs("text"); // JSON drops nothing, but be explicit
            assertThat(text).isEqualTo(tagged.get(id));
            List<Entity> want = expected.get(texts.indexOf(text));
            List<Row> got = r.getList(r.fieldIndex("entities"));
            assertThat(got).hasSameSizeAs(want);
            for (int k = 0; k < got.size(); k++) {
                Row e = got.get(k);
                int start = ((Number) e.getAs("start")).intValue();
                int end = ((Number) e.getAs("end")).intValue();
                assertThat(CodePoints.substring(text, start, end)).isEqualTo(e.getAs("text"));
                assertThat(start).isEqualTo(want.get(k).start());
                assertThat(end).isEqualTo(want.get(k).end());
                assertThat((String) e.getAs("type")).isEqualTo(want.get(k).type());
                assertThat(((Number) e.getAs("score")).doubleValue()).isCloseTo(want.get(k).score(), within(1e-3));
                mentions++;
            }
            if (marginals) {
                byte[] m = Base64.getDecoder().decode((String) r.getAs("marginals"));
                assertThat(m).hasSize(3 * CodePoints.length(text));
            }
        }
        assertThat(mentions).as("the invented articles name companies the model finds").isPositive();
    }

    private Map<String, String> textTagged() throws IOException {
        Map<String, String> tagged = new LinkedHashMap<>();
        List<String> clean = tagReads(textInput().resolve("clean.txt"));
        assertThat(clean).hasSameSizeAs(CLEAN).contains(ASTRAL, "", "他说\r这一行里有一个单独的回车。");
        for (int i = 0; i < clean.size(); i++) {
            tagged.put("clean.txt:" + (i + 1), clean.get(i));
        }
        tagged.put("bad.txt:1", "腾讯控股有限公司宣布回购股份。");
        tagged.put("bad.txt:4", ASTRAL);
        return tagged;
    }

    private static Map<String, String> textFailed() {
        return Map.of("bad.txt:2", "invalid UTF-8 at byte 6", "bad.txt:3", "text too long: 400 code points");
    }

    @Test
    void textInputToJsonlHasEveryLineOnceWithTheRecognizersTags() throws IOException {
        BulkSummary s = run(textInput(), BulkConfig.InputFormat.TEXT, BulkConfig.OutputFormat.JSONL, false, "text-jsonl");
        check("text-jsonl", BulkConfig.OutputFormat.JSONL, textTagged(), textFailed(), s, false);
    }

    @Test
    void textInputToParquetWithMarginals() throws IOException {
        BulkSummary s = run(textInput(), BulkConfig.InputFormat.TEXT, BulkConfig.OutputFormat.PARQUET, true, "text-parquet");
        check("text-parquet", BulkConfig.OutputFormat.PARQUET, textTagged(), textFailed(), s, true);
    }

    private static Map<String, String> jsonlTagged() {
        Map<String, String> tagged = new LinkedHashMap<>();
        tagged.put("a1", "阿里巴巴集团控股有限公司今日公布季度业绩。");
        tagged.put("7", ASTRAL);
        tagged.put("jsonl-in.jsonl:4", "华为技术有限公司与腾讯控股有限公司合作。");
        tagged.put("empty", "");
        return tagged;
    }

    private static Map<String, String> jsonlFailed() {
        return Map.of("jsonl-in.jsonl:5", "malformed JSON", "surrogate", "lone surrogate U+D800",
                "long", "text too long");
    }

    @Test
    void jsonlInputToJsonlKeepsIdsAndReportsBadRecords() throws IOException {
        BulkSummary s = run(jsonlInput(), BulkConfig.InputFormat.JSONL, BulkConfig.OutputFormat.JSONL, true, "jsonl-jsonl");
        check("jsonl-jsonl", BulkConfig.OutputFormat.JSONL, jsonlTagged(), jsonlFailed(), s, true);
        // the JSONL output is our JSONL data format: training reads it back, marginals included (distillation)
        List<Document> docs = new ArrayList<>();
        try (var parts = Files.list(dir.resolve("jsonl-jsonl"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                docs.addAll(DataReader.read(part, Format.JSONL, LabelMap.parse(Entity.COMPANY)));
            }
        }
        assertThat(docs).hasSize(jsonlTagged().size()).allMatch(Document::hasMarginals);
        assertThat(docs.stream().map(Document::text)).containsExactlyInAnyOrderElementsOf(jsonlTagged().values());
    }

    @Test
    void jsonlInputToParquet() throws IOException {
        BulkSummary s = run(jsonlInput(), BulkConfig.InputFormat.JSONL, BulkConfig.OutputFormat.PARQUET, false, "jsonl-parquet");
        check("jsonl-parquet", BulkConfig.OutputFormat.PARQUET, jsonlTagged(), jsonlFailed(), s, false);
    }

    @Test
    void parquetInputRoundTripsThroughItsOwnOutput() throws IOException {
        // the tagged Parquet output (id, text, ...) is itself a valid Parquet input
        run(jsonlInput(), BulkConfig.InputFormat.JSONL, BulkConfig.OutputFormat.PARQUET, false, "for-parquet-in");
        BulkSummary s = run(dir.resolve("for-parquet-in"), BulkConfig.InputFormat.PARQUET, BulkConfig.OutputFormat.JSONL, false, "parquet-jsonl");
        check("parquet-jsonl", BulkConfig.OutputFormat.JSONL, jsonlTagged(), Map.of(), s, false);
    }
}
