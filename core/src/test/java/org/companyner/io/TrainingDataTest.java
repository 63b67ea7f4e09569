package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.companyner.UserError;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.junit.jupiter.api.Test;

/** JSONL with scores, unknown ranges and marginals: its exact form, its errors, and the formats that refuse it. */
class TrainingDataTest {
    private static final String TEXT = "😀云帆";
    private static final Document DOC = new Document(TEXT, List.of(Entity.of(TEXT, 1, 3, Entity.COMPANY, 0.875)),
            List.of(new Range(0, 1)), new float[][] {{1, 0, 0}, {0, 1, 0}, {0.2f, 0.3f, 0.5f}});
    private static final String LINE = "{\"text\":\"😀云帆\",\"entities\":[{\"start\":1,\"end\":3,\"text\":\"云帆\","
            + "\"type\":\"COMPANY\",\"score\":0.875}],\"unknown\":[[0,1]],\"marginals\":\"/wAAAP8AM01/\"}\n";

    private static String write(List<Document> docs, Format format, String label) {
        StringWriter out = new StringWriter();
        DataWriter.write(docs, format, label, out);
        return out.toString();
    }

    private static List<Document> read(String content) {
        return DataReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "data.jsonl",
                Format.JSONL, LabelMap.parse("company"));
    }

    private static AbstractThrowableAssert<?, ?> readError(String line) {
        return assertThatThrownBy(() -> read("{\"text\":\"ok\"}\n" + line + "\n")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("data.jsonl:2: ");
    }

    @Test
    void writesScoresUnknownRangesAndMarginalsAsOneLine() {
        // 0.2, 0.3, 0.5 round to 51, 77 (76.5 up), 128 (127.5 up) = 256 steps; the I value, furthest above, gives one back
        assertThat(write(List.of(DOC), Format.JSONL, "company")).isEqualTo(LINE);
        Document back = read(LINE).get(0);
        assertThat(back.entities()).isEqualTo(DOC.entities());
        assertThat(back.unknown()).containsExactly(new Range(0, 1));
        assertThat(back.marginals()[2]).containsExactly(51 / 255f, 77 / 255f, 127 / 255f);
        assertThat(write(List.of(back), Format.JSONL, "company")).isEqualTo(LINE);
    }

    @Test
    void omitsUnknownAndMarginalsWhenAbsent() {
        assertThat(write(List.of(new Document("无")), Format.JSONL, "company")).isEqualTo("{\"text\":\"无\",\"entities\":[]}\n");
        assertThat(read("{\"text\":\"无\",\"unknown\":[],\"marginals\":null}\n")).containsExactly(new Document("无"));
    }

    @Test
    void readsEmptyMarginalsOfAnEmptyText() {
        Document empty = new Document("", List.of(), List.of(), new float[0][]);
        assertThat(write(List.of(empty), Format.JSONL, "company")).isEqualTo("{\"text\":\"\",\"entities\":[],\"marginals\":\"\"}\n");
        assertThat(read("{\"text\":\"\",\"marginals\":\"\"}\n")).containsExactly(empty);
    }

    @Test
    void mergesTouchingUnknownRangesOnRead() {
        assertThat(read("{\"text\":\"abcd\",\"unknown\":[[0,1],[1,3]]}").get(0).unknown()).containsExactly(new Range(0, 3));
    }

    @Test
    void rejectsMalformedUnknownRangesWithFileAndLine() {
        readError("{\"text\":\"abcd\",\"unknown\":{\"0\":1}}").hasMessageContaining("\"unknown\" is not an array");
        readError("{\"text\":\"abcd\",\"unknown\":[0,1]}").hasMessageContaining("unknown range 0 is not [start, end]");
        readError("{\"text\":\"abcd\",\"unknown\":[[0,1,2]]}").hasMessageContaining("is not [start, end]");
        readError("{\"text\":\"abcd\",\"unknown\":[[0,\"2\"]]}").hasMessageContaining("unknown range end is \"2\", not an integer");
        readError("{\"text\":\"abcd\",\"unknown\":[[0,1.5]]}").hasMessageContaining("not an integer");
        readError("{\"text\":\"😀bc\",\"unknown\":[[1,4]]}").hasMessageContaining("[1, 4) is outside the text (3 code points)");
        readError("{\"text\":\"abcd\",\"unknown\":[[-1,2]]}").hasMessageContaining("outside the text");
        readError("{\"text\":\"abcd\",\"unknown\":[[2,2]]}").hasMessageContaining("[2, 2) is empty or reversed");
        readError("{\"text\":\"abcd\",\"unknown\":[[0,3],[2,4]]}").hasMessageContaining("must not overlap: [2, 4) after [0, 3)");
        readError("{\"text\":\"abcd\",\"unknown\":[[2,4],[0,1]]}").hasMessageContaining("sorted");
    }

    @Test
    void rejectsMalformedMarginalsWithFileAndLine() {
        readError("{\"text\":\"ab\",\"marginals\":[[1,0,0],[1,0,0]]}").hasMessageContaining("\"marginals\" is not a string");
        readError("{\"text\":\"ab\",\"marginals\":\"/wAA*P8A\"}").hasMessageContaining("\"marginals\" is not base64");
        readError("{\"text\":\"😀b\",\"marginals\":\"/wAA\"}")
                .hasMessageContaining("\"marginals\" hold 3 bytes, expected 3 per code point of the text (2 code points) = 6");
        readError("{\"text\":\"a\",\"marginals\":\"AAAA\"}").hasMessageContaining("row at code point 0 sums to 0/255, not 1");
        readError("{\"text\":\"a\",\"marginals\":\"////\"}").hasMessageContaining("sums to 765/255");
        // rows rounded value by value by another tool are accepted and renormalised
        assertThat(read("{\"text\":\"a\",\"marginals\":\"VlZW\"}").get(0).marginals()[0]).containsExactly(1f / 3, 1f / 3, 1f / 3);
    }

    @Test
    void rejectsScoresThatAreNotFiniteNumbers() {
        readError("{\"text\":\"ab\",\"entities\":[{\"start\":0,\"end\":1,\"score\":\"high\"}]}").hasMessageContaining("entity \"score\" is");
        readError("{\"text\":\"ab\",\"entities\":[{\"start\":0,\"end\":1,\"score\":1e400}]}").hasMessageContaining("not a finite number");
        Document nan = new Document("ab", List.of(Entity.of("ab", 0, 1, Entity.COMPANY, Double.NaN)));
        assertThatThrownBy(() -> write(List.of(nan), Format.JSONL, "company")).isInstanceOf(UserError.class)
                .hasMessageContaining("document 1").hasMessageContaining("score NaN");
    }

    @Test
    void otherFormatsRefuseUnknownRangesAndMarginalsAndWriteNothing() {
        Document plain = new Document(TEXT, DOC.entities());
        Document unknown = plain.withUnknown(List.of(new Range(0, 1), new Range(2, 3)));
        Document marginals = plain.withMarginals(DOC.marginals());
        for (Format format : List.of(Format.CLUENER, Format.CFSC, Format.BIO, Format.BIOES, Format.BMES, Format.YEDDA)) {
            StringWriter out = new StringWriter();
            assertThatThrownBy(() -> DataWriter.write(List.of(plain, unknown), format, "ORG", out))
                    .isInstanceOf(UserError.class)
                    .hasMessage("cannot write document 2 as " + format.id() + ": it has 2 unknown ranges (first [0, 1)), which "
                            + format.id() + " cannot express and would be lost; write jsonl instead, or remove them first");
            assertThat(out.toString()).isEmpty();
            assertThatThrownBy(() -> write(List.of(marginals), format, "ORG")).isInstanceOf(UserError.class)
                    .hasMessageContaining("document 1 as " + format.id() + ": it has marginals");
            assertThatThrownBy(() -> write(List.of(DOC), format, "ORG")).isInstanceOf(UserError.class)
                    .hasMessageContaining("it has 1 unknown range (first [0, 1)) and marginals");
            assertThat(write(List.of(plain), format, "ORG")).isNotEmpty();
        }
    }
}
