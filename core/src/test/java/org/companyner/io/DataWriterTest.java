package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.companyner.io.DataReaderTest.doc;

import java.io.StringWriter;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.Document;
import org.junit.jupiter.api.Test;

class DataWriterTest {
    static final List<Document> DOCS = List.of(doc("😀云帆数据与青石签约", 1, 5, 6, 8), doc("无"));

    static String write(Format format, String label) {
        StringWriter out = new StringWriter();
        DataWriter.write(DOCS, format, label, out);
        return out.toString();
    }

    @Test
    void writesJsonFormats() {
        assertThat(write(Format.JSONL, "ignored")).isEqualTo("""
                {"text":"😀云帆数据与青石签约","entities":[{"start":1,"end":5,"text":"云帆数据","type":"COMPANY","score":1.0},\
                {"start":6,"end":8,"text":"青石","type":"COMPANY","score":1.0}]}
                {"text":"无","entities":[]}
                """);
        assertThat(write(Format.CLUENER, "company")).isEqualTo("""
                {"text":"😀云帆数据与青石签约","label":{"company":{"云帆数据":[[1,4]],"青石":[[6,7]]}}}
                {"text":"无","label":{}}
                """);
        assertThat(write(Format.CFSC, "Corporate")).isEqualTo("""
                [
                {"text":"😀云帆数据与青石签约","labels":[{"text":"云帆数据","Level 1 Aspect":"Corporate","from":1,"to":5},\
                {"text":"青石","Level 1 Aspect":"Corporate","from":6,"to":8}]},
                {"text":"无","labels":[]}
                ]
                """);
    }

    @Test
    void writesTagsAndMarkup() {
        List<Document> docs = List.of(doc("A云帆B青", 1, 3, 4, 5));
        StringWriter bmes = new StringWriter();
        DataWriter.write(docs, Format.BMES, "ORG", bmes);
        assertThat(bmes.toString()).isEqualTo("A O\n云 B-ORG\n帆 E-ORG\nB O\n青 S-ORG\n\n");
        StringWriter bio = new StringWriter();
        DataWriter.write(docs, Format.BIO, "ORG", bio);
        assertThat(bio.toString()).isEqualTo("A O\n云 B-ORG\n帆 I-ORG\nB O\n青 B-ORG\n\n");
        assertThat(write(Format.YEDDA, "Company")).isEqualTo("😀[@云帆数据#Company*]与[@青石#Company*]签约\n无\n");
    }

    @Test
    void rejectsLabelsTheFormatCannotHold() {
        assertThatThrownBy(() -> write(Format.BIO, "my org")).isInstanceOf(UserError.class).hasMessageContaining("cannot be written in bio");
        assertThatThrownBy(() -> write(Format.YEDDA, "a#b")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> write(Format.CLUENER, " ")).isInstanceOf(UserError.class);
    }
}
