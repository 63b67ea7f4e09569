package org.companyner.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.companyner.vocab.CharVocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusAndCorruptionTest {
    @TempDir
    Path tmp;

    private static CharVocab vocabOf(String text) {
        Map<Integer, Long> counts = new java.util.HashMap<>();
        for (int c : Normalizer.normalize(CodePoints.of(text))) {
            counts.merge(c, 1L, Long::sum);
        }
        return CharVocab.build(counts, 1);
    }

    private static String normalised(String text) {
        int[] n = Normalizer.normalize(CodePoints.of(text));
        return new String(n, 0, n.length);
    }

    @Test
    void packingKeepsWholeSentencesWithinTheLengthAndNeverCrossesDocuments() throws IOException {
        String doc1 = "甲公司发布年报。乙公司宣布回购股份！丙银行下调利率；丁集团收购戊科技。";
        String doc2 = "己证券发布研报，认为市场将回暖。庚基金增持股份";
        Path file = Files.writeString(tmp.resolve("c.txt"), doc1 + "\n\n" + doc2 + "\n", StandardCharsets.UTF_8);
        CharVocab vocab = vocabOf(doc1 + doc2);
        PretrainCorpus corpus = PretrainCorpus.pack(List.of(file), vocab, 16);

        assertThat(corpus.documents()).isEqualTo(2);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < corpus.size(); i++) {
            int[] ids = corpus.get(i);
            assertThat(ids.length).isBetween(PretrainCorpus.MIN_LENGTH, 16);
            StringBuilder s = new StringBuilder();
            for (int id : ids) {
                s.appendCodePoint(vocab.codePoint(id));
            }
            String text = s.toString();
            assertThat(normalised(doc1).contains(text) || normalised(doc2).contains(text)).as(text).isTrue();
            all.append(text);
        }
        // the first sentences of doc1 (8 and 10 chars) do not fit one 16-char sequence together
        assertThat(corpus.get(0).length).isEqualTo(8);
        // everything is kept except doc2's 7-char tail, shorter than MIN_LENGTH
        assertThat(all.toString()).isEqualTo(normalised(doc1 + "己证券发布研报，认为市场将回暖。"));
    }

    @Test
    void anOverlongSentenceIsCutIntoFullPieces() {
        String sentence = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";
        CharVocab vocab = vocabOf(sentence);
        List<int[]> out = new ArrayList<>();
        PretrainCorpus.packDocument(List.of(sentence), vocab, 10, out);
        assertThat(out).hasSize(3);
        assertThat(out.stream().mapToInt(a -> a.length).toArray()).containsExactly(10, 10, 10);
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path file = tmp.resolve("bad.txt");
        byte[] good = "第一行\n第二行\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xC3;
        bytes[good.length + 1] = (byte) 0x28;
        Files.write(file, bytes);
        assertThatThrownBy(() -> PretrainCorpus.countChars(List.of(file)))
                .isInstanceOf(UserError.class).hasMessageContaining("bad.txt at line 3");
        assertThatThrownBy(() -> PretrainCorpus.countChars(List.of(tmp.resolve("missing.txt"))))
                .isInstanceOf(UserError.class).hasMessageContaining("not found");
    }

    @Test
    void epochOrderIsAPermutationFixedBySeedAndEpoch() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 30; d++) {
            text.append("这是第").append(d).append("篇文章的正文内容。\n\n");
        }
        Path file = Files.writeString(tmp.resolve("c.txt"), text, StandardCharsets.UTF_8);
        PretrainCorpus corpus = PretrainCorpus.pack(List.of(file), vocabOf(text.toString()), 32);
        int[] a = corpus.order(1, 0);
        assertThat(corpus.order(1, 0)).containsExactly(a);
        assertThat(corpus.order(1, 1)).isNotEqualTo(a);
        assertThat(Arrays.stream(a).sorted().toArray()).containsExactly(java.util.stream.IntStream.range(0, 30).toArray());
    }

    @Test
    void maskingReplacesTheRequestedShareWithMaskAndIsDeterministic() {
        int[][] batch = {{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, {20, 21, 22}};
        Corruption.Masked m = Corruption.mask(batch, 10, 0.2, new Random(5));
        assertThat(m.flat()).hasSize(2 + 1); // 20 % of 10, and at least one of 3
        for (int i = 0; i < m.flat().length; i++) {
            int b = m.flat()[i] / 10;
            int t = m.flat()[i] % 10;
            assertThat(m.original()[i]).isEqualTo(batch[b][t]);
            assertThat(m.input()[m.flat()[i]]).isEqualTo(CharVocab.MASK);
        }
        long masks = Arrays.stream(m.input()).filter(x -> x == CharVocab.MASK).count();
        assertThat(masks).isEqualTo(3);
        assertThat(m.input()[13]).as("padding after the short row").isEqualTo(CharVocab.PAD);
    }

    @Test
    void bertMaskingKeepsTheSeparatorAndSplits80To10To10() {
        int vocabSize = 100;
        int width = 41;
        Random r = new Random(9);
        int[][] batch = new int[200][];
        for (int b = 0; b < batch.length; b++) {
            batch[b] = new int[b % 2 == 0 ? width : 21];
            for (int t = 0; t < batch[b].length; t++) {
                batch[b][t] = CharVocab.SPECIALS.size() + r.nextInt(vocabSize - CharVocab.SPECIALS.size());
            }
            batch[b][batch[b].length / 2] = CharVocab.SEP;
        }
        Corruption.Masked m = Corruption.maskBert(batch, width, 0.15, vocabSize, new Random(5));
        // 15 % of the 40 (or 20) characters besides the separator
        assertThat(m.flat()).hasSize(100 * 6 + 100 * 3);
        int masks = 0;
        int kept = 0;
        int random = 0;
        for (int i = 0; i < m.flat().length; i++) {
            int b = m.flat()[i] / width;
            int t = m.flat()[i] % width;
            assertThat(batch[b][t]).isNotEqualTo(CharVocab.SEP).isEqualTo(m.original()[i]);
            int in = m.input()[m.flat()[i]];
            if (in == CharVocab.MASK) {
                masks++;
            } else if (in == m.original()[i]) {
                kept++;
            } else {
                assertThat(in).isBetween(CharVocab.SPECIALS.size(), vocabSize - 1);
                random++;
            }
        }
        double n = m.flat().length;
        assertThat(masks / n).isBetween(0.76, 0.84);
        assertThat(random / n).isBetween(0.07, 0.13);
        assertThat(kept / n).isBetween(0.07, 0.13);
        assertThat(Corruption.maskBert(batch, width, 0.15, vocabSize, new Random(5)).input()).containsExactly(m.input());
        int[] unmasked = m.input().clone();
        for (int i = 0; i < m.flat().length; i++) {
            unmasked[m.flat()[i]] = m.original()[i];
        }
        for (int b = 0; b < batch.length; b++) {
            assertThat(Arrays.copyOfRange(unmasked, b * width, b * width + batch[b].length)).containsExactly(batch[b]);
        }
    }

    @Test
    void samplingFollowsTheSoftmax() {
        float[] logits = {0f, (float) Math.log(3), -100f}; // p = 1/4, 3/4, ~0
        Random r = new Random(1);
        int[] counts = new int[3];
        for (int i = 0; i < 4000; i++) {
            counts[Corruption.sample(logits, 1, 3, r)[0]]++;
        }
        assertThat(counts[1] / 4000.0).isBetween(0.72, 0.78);
        assertThat(counts[2]).isZero();
        assertThat(Corruption.argmax(logits, 1, 3)).containsExactly(1);
    }
}
