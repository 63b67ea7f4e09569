package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code outline} verb end to end on an invented corpus and an invented data root. */
class OutlineCommandTest {
    @TempDir
    Path tmp;

    private String[] args(String... extra) throws IOException {
        Path gaz = Files.createDirectories(tmp.resolve("data/gazetteers"));
        Files.writeString(gaz.resolve("company_names_union.tsv"), "name\tsources\n星河科技\tlisted_short\n东方钢铁\tlisted_short\n");
        Files.writeString(gaz.resolve("companynameparser_suffix.txt"), "有限公司\n公司\n");
        Path corpus = tmp.resolve("corpus.txt");
        Files.writeString(corpus, "星河科技发布新品。东方钢铁宣布合作！\n今天天气很好，适合出游。\n\n星河科技发布新品。\n");
        String[] head = {"outline", "--corpus", corpus.toString(), "--out", tmp.resolve("out.jsonl").toString(),
                "--data-root", tmp.resolve("data").toString(), "--sources", "gazetteer-trusted,suffix", "--no-progress"};
        String[] all = new String[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        return all;
    }

    @Test
    void writesJsonlASummaryAndATableThatReadBack() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path summary = tmp.resolve("summary.json");
        int code = Main.run(args("--summary", summary.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        List<Document> docs = DataReader.read(tmp.resolve("out.jsonl"), Format.JSONL, LabelMap.parse("COMPANY"));
        assertThat(docs).extracting(Document::text).containsExactly("星河科技发布新品。", "东方钢铁宣布合作！", "今天天气很好，适合出游。");
        assertThat(docs.get(0).entities()).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo("星河科技");
            assertThat(e.score()).isEqualTo(0.9);
        });
        assertThat(out.toString()).contains("gazetteer-trusted").contains("exact repeats dropped 1");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("mentions").asInt()).isEqualTo(2);
        assertThat(json.get("split").get("duplicates").asInt()).isEqualTo(1);
        assertThat(json.get("unknownShare").asDouble()).isZero();
        assertThat(json.get("perSource").get("gazetteer-trusted").get("spans").asInt()).isEqualTo(2);

        byte[] first = Files.readAllBytes(tmp.resolve("out.jsonl"));
        assertThat(Main.run(args(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("out.jsonl"))).isEqualTo(first);
    }

    @Test
    void aMissingCorpusIsAOneLineErrorWithExitTwo() throws IOException {
        String[] a = args();
        a[2] = tmp.resolve("no-such-corpus.txt").toString();
        StringWriter err = new StringWriter();
        int code = Main.run(a, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("error: corpus file not found").contains("no-such-corpus.txt");
        assertThat(tmp.resolve("out.jsonl")).doesNotExist();
    }

    @Test
    void badOptionsAndUnknownSourcesAreOneLineErrors() throws IOException {
        for (String[] extra : List.of(new String[] {"--accept", "1.5"}, new String[] {"--max-chars", "4"},
                new String[] {"--sources", "no-such-source"})) {
            StringWriter err = new StringWriter();
            int code = Main.run(args(extra), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            assertThat(code).as(String.join(" ", extra)).isEqualTo(2);
            assertThat(err.toString().strip()).doesNotContain("\n").startsWith("error: ");
        }
    }
}
