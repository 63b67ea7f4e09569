package org.companyner.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CharVocab} and {@link BigramVocab}: save/load keeps every id; a bad file is a UserError naming it. */
class VocabRoundTripTest {
    // invented sentences; includes space, tab, U+3000, emoji (a supplementary code point) and a full-width letter
    private static final List<String> SENTENCES = List.of(
            "华星科技股份有限公司今日发布年报。",
            "蓝海集团与华星科技签署合作协议\t😀",
            "星海银行　ABC（Ｘ）公司 增持蓝海集团股份");

    @TempDir
    Path dir;

    private static int[] norm(String s) {
        return Normalizer.normalize(CodePoints.of(s));
    }

    private static CharVocab chars() {
        Map<Integer, Long> counts = new HashMap<>();
        for (String s : SENTENCES) {
            for (int c : norm(s)) {
                counts.merge(c, 1L, Long::sum);
            }
        }
        return CharVocab.build(counts, 1);
    }

    private static BigramVocab bigrams() {
        Map<Long, Long> counts = new HashMap<>();
        for (String s : SENTENCES) {
            BigramVocab.count(norm(s), counts);
        }
        return BigramVocab.build(counts, 1);
    }

    @Test
    void charVocabSaveLoadKeepsEveryId() throws IOException {
        CharVocab v = chars();
        Path file = dir.resolve("vocab.txt");
        v.save(file);
        CharVocab back = CharVocab.load(file);
        assertThat(back.size()).isEqualTo(v.size()).isGreaterThan(CharVocab.SPECIALS.size() + 20);
        for (int id = 0; id < v.size(); id++) {
            assertThat(back.codePoint(id)).as("id %d", id).isEqualTo(v.codePoint(id));
        }
        for (String s : SENTENCES) {
            assertThat(back.ids(norm(s))).isEqualTo(v.ids(norm(s))).doesNotContain(CharVocab.UNK);
        }
        assertThat(back.id(0x1F600)).isNotEqualTo(CharVocab.UNK); // emoji survives the file
        assertThat(back.id(' ')).isNotEqualTo(CharVocab.UNK);
        assertThat(back.id('鬼')).isEqualTo(CharVocab.UNK);
    }

    @Test
    void bigramVocabSaveLoadKeepsEveryId() throws IOException {
        BigramVocab v = bigrams();
        Path file = dir.resolve("bigrams.txt");
        v.save(file);
        BigramVocab back = BigramVocab.load(file);
        assertThat(back.size()).isEqualTo(v.size()).isGreaterThan(20);
        for (String s : SENTENCES) {
            assertThat(back.ids(norm(s))).isEqualTo(v.ids(norm(s))).doesNotContain(BigramVocab.UNK);
        }
        assertThat(back.ids(norm("鬼怪"))).containsOnly(BigramVocab.UNK);
    }

    @Test
    void emptyVocabulariesRoundTrip() throws IOException {
        CharVocab.build(Map.of(), 1).save(dir.resolve("c.txt"));
        BigramVocab.build(Map.of(), 1).save(dir.resolve("b.txt"));
        assertThat(CharVocab.load(dir.resolve("c.txt")).size()).isEqualTo(CharVocab.SPECIALS.size());
        assertThat(BigramVocab.load(dir.resolve("b.txt")).size()).isEqualTo(2);
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void corruptCharVocabIsAUserErrorNamingTheFile() throws IOException {
        Path good = dir.resolve("good.txt");
        chars().save(good);
        String text = Files.readString(good);
        List<Path> bad = List.of(
                write("empty-vocab.txt", ""),
                write("other-header.txt", "hello\n"),
                write("no-specials.txt", "# company-ner char vocab v1\n[PAD]\n"),
                write("bad-entry.txt", text + "华\n"),
                write("truncated.txt", text.substring(0, text.indexOf("[UNK]") + 2)),
                write("binary.txt", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC3}));
        for (Path f : bad) {
            assertThatThrownBy(() -> CharVocab.load(f)).as(f.getFileName().toString())
                    .isInstanceOf(UserError.class).hasMessageContaining(f.toString());
        }
        Path missing = dir.resolve("missing-vocab.txt");
        assertThatThrownBy(() -> CharVocab.load(missing)).isInstanceOf(UserError.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void corruptBigramVocabIsAUserErrorNamingTheFile() throws IOException {
        Path good = dir.resolve("good-bigrams.txt");
        bigrams().save(good);
        String text = Files.readString(good);
        List<Path> bad = List.of(
                write("empty-bigrams.txt", ""),
                write("char-header.txt", "# company-ner char vocab v1\n"),
                write("one-number.txt", text + "12345\n"),
                write("not-numbers.txt", text + "华 星\n"),
                write("binary-bigrams.txt", new byte[] {(byte) 0xC3, (byte) 0x28, 0x0A}));
        for (Path f : bad) {
            assertThatThrownBy(() -> BigramVocab.load(f)).as(f.getFileName().toString())
                    .isInstanceOf(UserError.class).hasMessageContaining(f.toString());
        }
        Path missing = dir.resolve("missing-bigrams.txt");
        assertThatThrownBy(() -> BigramVocab.load(missing)).isInstanceOf(UserError.class)
                .hasMessageContaining(missing.toString());
    }
}
