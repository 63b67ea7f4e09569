package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code repair} verb end to end on an invented data root and an invented CLUENER file. */
class RepairCommandTest {
    @TempDir
    Path tmp;

    private Path dataRoot() throws IOException {
        Path gaz = Files.createDirectories(tmp.resolve("data/gazetteers"));
        Files.writeString(gaz.resolve("company_names_union.tsv"), "name\tsources\n东方钢铁集团\tlisted_full\n");
        Files.writeString(gaz.resolve("companynameparser_suffix.txt"), "公司\n有限公司\n股份\n股份有限公司\n");
        return tmp.resolve("data");
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void repairsATinyFileIntoJsonlThatDataReaderReadsBack() throws IOException {
        Path in = tmp.resolve("train.json");
        Files.writeString(in, """
                {"text":"星河科技有限公司成立于2010年","label":{"company":{"星河科":[[0,2]]}}}
                {"text":"万科企业股份有限公司与东方钢铁集团签约","label":{"company":{"万科企业":[[0,3]]}}}
                {"text":"今天天气很好","label":{}}
                """);
        Path outFile = tmp.resolve("repaired.jsonl");
        Path report = tmp.resolve("report.md");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "repair", "--data", in.toString(), "--format", "cluener", "--label", "company",
                "--out", outFile.toString(), "--rules", "boundary,suffix,tagger,gazetteer", "--report", report.toString(),
                "--data-root", dataRoot().toString());
        assertThat(code).as(err.toString()).isZero();
        List<Document> docs = DataReader.read(outFile, Format.JSONL, LabelMap.parse("company"));
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).entities()).extracting(Entity::text).containsExactly("星河科技有限公司");
        assertThat(docs.get(0).entities().get(0).score()).isEqualTo(1.0); // a repaired edge keeps the mention's score
        assertThat(docs.get(1).entities()).extracting(Entity::text).containsExactly("万科企业股份有限公司", "东方钢铁集团");
        assertThat(docs.get(1).entities().get(1).score()).isLessThan(1.0); // added
        assertThat(Files.readString(report)).contains("| boundary | 1 |").contains("| suffix | 2 |").contains("never commit");
        assertThat(out.toString()).contains("boundary").contains("3 documents");
    }

    @Test
    void badInputGivesOneLineAndExitTwo() throws IOException {
        Path in = tmp.resolve("train.json");
        Files.writeString(in, "{\"text\":\"星河科技\",\"label\":{\"company\":{\"星河科技\":[[0,3]]}}}\n");
        String root = dataRoot().toString();
        String outFile = tmp.resolve("o.jsonl").toString();

        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "repair", "--data", tmp.resolve("missing.json").toString(), "--format", "cluener",
                "--label", "company", "--out", outFile, "--data-root", root);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: no such file").contains("missing.json").hasLineCount(1);

        StringWriter err2 = new StringWriter();
        int code2 = run(new StringWriter(), err2, "repair", "--data", in.toString(), "--format", "cluener", "--label", "company",
                "--out", outFile, "--rules", "boundary,spelling", "--data-root", root);
        assertThat(code2).isEqualTo(2);
        assertThat(err2.toString()).contains("unknown repair rule 'spelling'").hasLineCount(1);
        assertThat(Files.exists(Path.of(outFile))).isFalse();
    }
}
