package org.companyner.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.companyner.UserError;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReaderTest {
    @TempDir
    Path dir;

    static Document doc(String text, int... spans) {
        Entity[] entities = new Entity[spans.length / 2];
        for (int i = 0; i < entities.length; i++) {
            entities[i] = Entity.of(text, spans[2 * i], spans[2 * i + 1], Entity.COMPANY, 1.0);
        }
        return new Document(text, List.of(entities));
    }

    static List<Document> fixture(String name, Format format, String labels) {
        try {
            return DataReader.read(Path.of(DataReaderTest.class.getResource("/io/" + name).toURI()), format, LabelMap.parse(labels));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    List<Document> read(String content, Format format) throws IOException {
        return read(content.getBytes(UTF_8), format);
    }

    List<Document> read(byte[] content, Format format) throws IOException {
        Path file = dir.resolve("data.txt");
        Files.write(file, content);
        return DataReader.read(file, format, LabelMap.parse("company"));
    }

    AbstractThrowableAssert<?, ?> readError(String content, Format format) {
        return assertThatThrownBy(() -> read(content, format)).isInstanceOf(UserError.class);
    }

    String file() {
        return dir.resolve("data.txt").toString();
    }

    @Test
    void readsCluener() {
        assertThat(fixture("sample.cluener.json", Format.CLUENER, "company")).containsExactly(
                doc("😀云帆数据今天与青石资本签约，张小明出席。", 1, 5, 8, 12),
                doc("ＡＢＣ１２３公司在杭州开设分部", 0, 8),
                doc("今天天气不错。"),
                doc("蓝鲸物流和蓝鲸物流的对手", 0, 4, 5, 9));
        assertThat(fixture("sample.cluener.json", Format.CLUENER, "company,name").get(0).entities())
                .extracting(Entity::text).containsExactly("云帆数据", "青石资本", "张小明");
    }

    @Test
    void readsCfsc() {
        assertThat(fixture("sample.cfsc.json", Format.CFSC, "Corporate")).containsExactly(
                doc("北辰光电🚀涨停，创业板指收涨，银河证券维持买入评级。", 0, 4, 15, 19),
                doc("消费板块整体回暖。"),
                doc("没有标注的句子"));
        assertThat(fixture("sample.cfsc.json", Format.CFSC, "corporate,stock").get(0).entities()).hasSize(3);
    }

    @Test
    void readsJsonl() {
        assertThat(fixture("sample.jsonl", Format.JSONL, "company")).containsExactly(
                new Document("😀云帆数据与青石资本签约", List.of(new Entity(1, 5, "云帆数据", Entity.COMPANY, 0.5))),
                doc("没有实体"));
        assertThat(fixture("sample.jsonl", Format.JSONL, "person").get(0).entities()).hasSize(2);
    }

    @Test
    void readsBio() {
        assertThat(fixture("sample.bio.txt", Format.BIO, "org")).containsExactly(
                doc("😀云帆青石 张三", 1, 3, 3, 5),
                doc("Ａ１公司", 0, 3));
        assertThat(fixture("sample.bio.txt", Format.BIO, "ORG,PER").get(0).entities()).extracting(Entity::text)
                .containsExactly("云帆", "青石", "张三");
    }

    @Test
    void readsBioesAndBmes() {
        assertThat(fixture("sample.bioes.txt", Format.BIOES, "ORG")).containsExactly(doc("云帆😀和青石资本张", 0, 2, 2, 3, 4, 8));
        assertThat(fixture("sample.bmes.txt", Format.BMES, "ORG")).containsExactly(doc("云帆数据的总裁", 0, 4), doc("😀！", 0, 1));
    }

    @Test
    void readsYedda() {
        assertThat(fixture("sample.yedda.txt", Format.YEDDA, "company")).containsExactly(
                doc("云帆数据与青石资本签约，张小明出席。😀", 0, 4, 5, 9),
                doc("没有标注。"));
    }

    @Test
    void readsStandardInputSkippingByteOrderMarkAndCrlf() {
        byte[] bytes = "\uFEFF中 B-company\r\n国 E-company\r\n\r\n".getBytes(UTF_8);
        assertThat(DataReader.read(new ByteArrayInputStream(bytes), "<stdin>", Format.BIOES, LabelMap.parse("company")))
                .containsExactly(doc("中国", 0, 2));
    }

    @Test
    void conllIsLenientAboutBrokenSequences() throws IOException {
        assertThat(read("a I-company\nb I-company\nc E-company\nd E-company\ne M-other\nf M-company\n", Format.BIO))
                .containsExactly(doc("abcdef", 0, 3, 3, 4, 5, 6));
        assertThat(read("科0 B-company\n技1 I-company\n", Format.BIO)).containsExactly(doc("科技", 0, 2));
    }

    @Test
    void malformedJsonLineNamesFileAndLine() {
        readError("{\"text\": \"a\"}\n\n{\"text\": \"b\"\n", Format.CLUENER).hasMessageStartingWith(file() + ":3: malformed JSON (");
        readError("{\"text\": \"a\"} x\n", Format.JSONL).hasMessageStartingWith(file() + ":1: malformed JSON (");
        readError("[1]\n", Format.JSONL).hasMessageContaining("one JSON object per line");
        readError("{\"label\": {}}\n", Format.CLUENER).hasMessage(file() + ":1: missing \"text\" string");
        readError("{\"text\": \"ab\", \"label\": {\"company\": {\"ab\": [[0]]}}}\n", Format.CLUENER)
                .hasMessageContaining(":1: span [0] of 'ab' is not [start, end]");
        readError("{\"text\": \"ab\", \"label\": {\"company\": {\"ab\": [[1, 0]]}}}\n", Format.CLUENER)
                .hasMessage(file() + ":1: entity 'ab' at [1, 0] is outside the text (2 characters)");
    }

    @Test
    void jsonLineWithASecondObjectNamesFileAndLine() {
        readError("{\"text\": \"a\"}\n{\"text\": \"b\"}{\"text\": \"c\"}\n", Format.JSONL)
                .hasMessageStartingWith(file() + ":2: malformed JSON (");
    }

    @Test
    void loneCarriageReturnNeitherSplitsARecordNorShiftsLineNumbers() throws IOException {
        assertThat(read("a\rb [@c#company*]\r\nd\n", Format.YEDDA)).containsExactly(doc("a\rb c", 4, 5), doc("d"));
        readError("{\"text\": \"a\"}\r{\"text\": \"b\"}\n{\"text\": oops}\n", Format.JSONL)
                .hasMessageStartingWith(file() + ":1: malformed JSON (");
        readError("{\"text\": \"a\"}\r\n\r\n{\"text\": oops}\n", Format.JSONL)
                .hasMessageStartingWith(file() + ":3: malformed JSON (");
    }

    @Test
    void loneSurrogateInJsonTextNamesFileAndLine() {
        readError("{\"text\": \"a\"}\n{\"text\": \"\\ud800\"}\n", Format.JSONL)
                .hasMessageStartingWith(file() + ":2: \"text\" holds a lone surrogate \\ud800");
        readError("{\"text\": \"x\\udfff\", \"label\": {}}\n", Format.CLUENER)
                .hasMessageStartingWith(file() + ":1: \"text\" holds a lone surrogate \\udfff at code point 1");
    }

    @Test
    void malformedCfscNamesRecord() {
        readError("[{\"text\": \"a\"},\n {\"text\": 1}]", Format.CFSC).hasMessage(file() + ":2: record 2: missing \"text\" string");
        readError("[{\"text\": \"a\"},\n {\"text\": \"b\",]", Format.CFSC).hasMessageStartingWith(file() + ":2: malformed JSON (");
        readError("{\"text\": \"a\"}", Format.CFSC).hasMessageContaining("expected a JSON array");
        readError("", Format.CFSC).hasMessageContaining("an empty file");
        readError("[{\"text\": \"a\"}] [", Format.CFSC).hasMessageContaining("after the closing ']'");
    }

    @Test
    void surfaceMismatchIsReported() {
        readError("{\"text\": \"x\"}\n{\"text\": \"云帆数据\", \"label\": {\"company\": {\"云帆\": [[1, 2]]}}}\n", Format.CLUENER)
                .hasMessage(file() + ":2: entity '云帆' at [1, 2] does not match the text there, '帆数'");
        readError("{\"text\": \"😀云帆\", \"entities\": [{\"start\": 2, \"end\": 4, \"text\": \"云帆\"}]}", Format.JSONL)
                .hasMessage(file() + ":1: entity '云帆' at [2, 4) is outside the text (3 characters);"
                        + " the offsets count UTF-16 units, they must count Unicode code points");
        readError("[{\"text\": \"云帆\", \"labels\": [{\"text\": \"云\", \"Level 1 Aspect\": \"Company\", \"from\": 0, \"to\": 3}]}]",
                Format.CFSC).hasMessageContaining(":1: record 1: entity '云' at from 0 to 3 is outside the text (2 characters)");
    }

    @Test
    void invalidUtf8NamesFileAndLine() {
        byte[] bytes = "{\"text\": \"ok\"}\n{\"text\": \"\u00ff\"}\n".getBytes(UTF_8);
        bytes[bytes.length - 5] = (byte) 0xff;
        assertThatThrownBy(() -> read(bytes, Format.CLUENER)).isInstanceOf(UserError.class)
                .hasMessage("invalid UTF-8 in " + file() + " at line 2: save the file as UTF-8");
        assertThatThrownBy(() -> read(bytes, Format.CFSC)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("invalid UTF-8 in " + file() + " at line 2");
        byte[] truncated = {'a', ' ', 'O', '\n', (byte) 0xe4, (byte) 0xb8};
        assertThatThrownBy(() -> read(truncated, Format.BIO)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("invalid UTF-8 in " + file() + " at line 2");
    }

    @Test
    void missingFileOrDirectory() {
        LabelMap labels = LabelMap.parse("company");
        assertThatThrownBy(() -> DataReader.read(dir.resolve("nope.json"), Format.JSONL, labels))
                .isInstanceOf(UserError.class).hasMessage("no such file: " + dir.resolve("nope.json"));
        assertThatThrownBy(() -> DataReader.read(dir, Format.JSONL, labels))
                .isInstanceOf(UserError.class).hasMessageStartingWith("not a file: ");
    }

    @Test
    void malformedConllLines() {
        readError("a O\nb\n", Format.BIO).hasMessageStartingWith(file() + ":2: expected a character and a tag");
        readError("a O\n O\n", Format.BIO).hasMessageStartingWith(file() + ":2: expected a character and a tag");
        readError("a O\n\nb X-company\n", Format.BMES).hasMessageStartingWith(file() + ":3: unknown tag 'X-company'");
        readError("a Other\n", Format.BIO).hasMessageStartingWith(file() + ":1: unknown tag 'Other'");
    }

    @Test
    void malformedYedda() {
        readError("ok\n[@云帆#company*] and [@青石#company\n", Format.YEDDA)
                .hasMessage(file() + ":2: unclosed '[@' at column 20: expected [@text#Label*]");
        readError("[$云帆 [@青石#company*]\n", Format.YEDDA).hasMessageContaining(":1: unclosed '[$' at column 1");
        readError("[@云帆*]\n", Format.YEDDA).hasMessageContaining("has no '#Label'");
    }
}
