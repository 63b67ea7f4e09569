package org.companyner.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.companyner.train.TinyCorpus;
import org.companyner.train.TrainConfig;
import org.companyner.train.Trainer;
import org.companyner.train.TrainerTest;
import org.companyner.vocab.CharVocab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALBERT pretraining (MLM + sentence-order prediction) end to end on an invented corpus with the
 * {@code tiny} preset (no dropout: runs are exactly repeatable).
 */
class AlbertPretrainerTest {
    static final int STEPS = 24;
    static final int MAX_LEN = 64;

    @TempDir
    static Path tmp;
    static Path corpus;
    static List<String> documents;

    /**
     * Numbered documents of invented company news. Within a document the quarters count up
     * (一季度, 二季度, ...), so the order of two segments is visible in their text.
     */
    @BeforeAll
    static void inventCorpus() throws IOException {
        TrainerTest.oneIntraOpThread();
        String[] firms = {"华星科技", "蓝海集团", "青松智能", "金帆物流", "云帆软件", "恒信证券"};
        String[] verbs = {"发布年报", "宣布回购股份", "下调全年预期", "签署合作协议", "完成新一轮融资"};
        String[] quarters = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
        Random r = new Random(3);
        StringBuilder text = new StringBuilder();
        documents = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            StringBuilder doc = new StringBuilder();
            for (int p = 0; p < 3; p++) {
                StringBuilder paragraph = new StringBuilder();
                for (int s = 0; s < 3; s++) {
                    paragraph.append("第").append(d).append("号").append(firms[r.nextInt(firms.length)])
                            .append(quarters[p * 3 + s]).append("季度").append(verbs[r.nextInt(verbs.length)]).append('。');
                }
                doc.append(paragraph);
                text.append(paragraph).append('\n');
            }
            documents.add(normalised(doc.toString()));
            text.append('\n');
        }
        corpus = Files.writeString(tmp.resolve("corpus.txt"), text, StandardCharsets.UTF_8);
    }

    private static String normalised(String text) {
        int[] n = Normalizer.normalize(CodePoints.of(text));
        return new String(n, 0, n.length);
    }

    static PretrainConfig config(Path out, int steps) {
        return new PretrainConfig("albert", "tiny", List.of(corpus), out, steps, 8, 1e-3f, 4, 0.01f, 1f, 0.15, 50f,
                4, MAX_LEN, 1, 8, 4, 42);
    }

    static Pretrainer pretrainer(PretrainConfig cfg, ByteArrayOutputStream console) {
        return new AlbertPretrainer(cfg, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static String text(CharVocab vocab, int[] ids, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.appendCodePoint(vocab.codePoint(ids[i]));
        }
        return s.toString();
    }

    @Test
    void pairsAreConsecutiveSegmentsOfOneDocumentCutAtASentenceEnd() throws IOException {
        CharVocab vocab = CharVocab.build(PretrainCorpus.countChars(List.of(corpus)), 1);
        PretrainCorpus pairs = PretrainCorpus.pairs(List.of(corpus), vocab, MAX_LEN - 1, 7);
        assertThat(pairs.hasPairs()).isTrue();
        assertThat(pairs.documents()).isEqualTo(60);
        assertThat(pairs.size()).isGreaterThan(60);
        int[] splits = new int[pairs.size()];
        int several = 0;
        for (int i = 0; i < pairs.size(); i++) {
            int[] ids = pairs.get(i);
            int split = pairs.split(i);
            splits[i] = split;
            assertThat(ids.length).isBetween(PretrainCorpus.MIN_LENGTH, MAX_LEN - 1);
            assertThat(split).isBetween(1, ids.length - 1);
            String a = text(vocab, ids, 0, split);
            String b = text(vocab, ids, split, ids.length);
            // A and B follow each other in exactly one document (each names its document's number)
            assertThat(documents.stream().filter(d -> d.contains(a + b)).count()).as(a + " | " + b).isEqualTo(1);
            // chunks are whole sentences; one of several sentences is cut at a sentence end, a lone one in its middle
            assertThat(b).endsWith("。");
            boolean severalSentences = (a + b).indexOf('。') < a.length() + b.length() - 1;
            if (severalSentences) {
                several++;
                assertThat(a).endsWith("。");
            } else {
                assertThat(split).isEqualTo(ids.length / 2);
            }
        }
        assertThat(several).isGreaterThan(pairs.size() / 2);
        // the cut is drawn, and the draw is fixed by the seed
        assertThat(IntStream.range(0, splits.length).map(i -> pairs.get(i).length - splits[i]).distinct().count())
                .isGreaterThan(3);
        PretrainCorpus again = PretrainCorpus.pairs(List.of(corpus), vocab, MAX_LEN - 1, 7);
        assertThat(IntStream.range(0, again.size()).map(again::split).toArray()).containsExactly(splits);
        PretrainCorpus other = PretrainCorpus.pairs(List.of(corpus), vocab, MAX_LEN - 1, 8);
        assertThat(IntStream.range(0, other.size()).map(other::split).toArray()).isNotEqualTo(splits);
    }

    @Test
    void aboutHalfThePairsAreSwappedAroundTheSeparator() throws IOException {
        CharVocab vocab = CharVocab.build(PretrainCorpus.countChars(List.of(corpus)), 1);
        PretrainCorpus pairs = PretrainCorpus.pairs(List.of(corpus), vocab, MAX_LEN - 1, 7);
        int[] all = IntStream.range(0, pairs.size()).toArray();
        AlbertPretrainer.SopBatch batch = AlbertPretrainer.sopBatch(pairs, all, new Random(11));
        int swapped = 0;
        for (int i = 0; i < all.length; i++) {
            int[] pair = pairs.get(i);
            int split = pairs.split(i);
            int[] a = Arrays.copyOfRange(pair, 0, split);
            int[] b = Arrays.copyOfRange(pair, split, pair.length);
            int[] first = batch.swapped()[i] ? b : a;
            int[] second = batch.swapped()[i] ? a : b;
            int[] ids = batch.ids()[i];
            assertThat(ids).hasSize(pair.length + 1);
            assertThat(Arrays.copyOfRange(ids, 0, first.length)).containsExactly(first);
            assertThat(ids[first.length]).isEqualTo(CharVocab.SEP);
            assertThat(Arrays.copyOfRange(ids, first.length + 1, ids.length)).containsExactly(second);
            swapped += batch.swapped()[i] ? 1 : 0;
        }
        assertThat((double) swapped / all.length).isBetween(0.4, 0.6);
        assertThat(AlbertPretrainer.sopBatch(pairs, all, new Random(11)).swapped()).containsExactly(batch.swapped());
    }

    @Test
    void writesAnEncoderThatFineTuningStartsFrom() throws IOException {
        Path out = tmp.resolve("run");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        pretrainer(config(out, STEPS), console).run(false);
        Path encoder = out.resolve(Pretrainer.ENCODER);
        assertThat(encoder.resolve("params.ndl")).isRegularFile();
        assertThat(out.resolve(Pretrainer.CURVE)).isRegularFile();
        JsonNode card = new ObjectMapper().readTree(encoder.resolve(Pretrainer.ENCODER_CARD).toFile());
        assertThat(card.path("config").path("arch").asText()).isEqualTo("tiny");
        assertThat(card.path("objective").asText()).isEqualTo("albert");
        assertThat(card.path("steps").asInt()).isEqualTo(STEPS);
        List<JsonNode> rows = ElectraPretrainerTest.rows(out);
        assertThat(rows).hasSize(STEPS / 4);
        JsonNode last = rows.get(rows.size() - 1);
        for (String key : List.of("mlm_loss", "sop_loss", "mlm_accuracy", "sop_accuracy", "frequency_baseline")) {
            assertThat(last.path(key).isNumber()).as(key + " in " + last).isTrue();
        }
        assertThat(last.path("sop_accuracy").asDouble()).isBetween(0.0, 1.0);

        Path model = tmp.resolve("model");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            new Trainer(fineTune(model, encoder), ps).run();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).containsPattern("initialised \\d+ of \\d+ encoder arrays");
        assertThat(Files.readAllLines(model.resolve("vocab.txt"))).isEqualTo(Files.readAllLines(encoder.resolve("vocab.txt")));
    }

    private static TrainConfig fineTune(Path out, Path init) throws IOException {
        return TrainConfig.builder("tiny", TinyCorpus.write(tmp.resolve("train.jsonl")), out).steps(20).batch(8).lr(2e-3f).headLr(1e-2f).warmup(5)
                .evalEvery(10).patience(100).seed(42).maxLen(64).maxBigrams(30000).init(init).build();
    }

    @Test
    void aStoppedRunResumesToTheSameParametersAsAnUninterruptedOne() throws IOException {
        Path straight = tmp.resolve("straight");
        pretrainer(config(straight, STEPS), new ByteArrayOutputStream()).run(false);

        Path stopped = tmp.resolve("stopped");
        assertThatThrownBy(() -> pretrainer(config(stopped, STEPS), new ByteArrayOutputStream()).stopAt(12).run(false))
                .isInstanceOf(UserError.class).hasMessageContaining("--resume");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        pretrainer(config(stopped, STEPS), console).run(true);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("resumed at step 12");

        byte[] a = Files.readAllBytes(straight.resolve("encoder/params.ndl"));
        byte[] b = Files.readAllBytes(stopped.resolve("encoder/params.ndl"));
        assertThat(b).as("resumed encoder equals the uninterrupted one").isEqualTo(a);
        assertThat(ElectraPretrainerTest.rows(stopped)).isEqualTo(ElectraPretrainerTest.rows(straight));
    }

    @Test
    void withoutAnArchEachObjectivePretrainsItsDefaultPreset() {
        PretrainConfig albert = new PretrainConfig("albert", null, List.of(corpus), tmp, 1, 1, 1e-3f, 1, 0f, 1f,
                0.15, 50f, 4, MAX_LEN, 1, 1, 1, 1);
        PretrainConfig electra = new PretrainConfig("electra", null, List.of(corpus), tmp, 1, 1, 1e-3f, 1, 0f, 1f,
                0.15, 50f, 4, MAX_LEN, 1, 1, 1, 1);
        assertThat(albert.arch()).isEqualTo("albert-small");
        assertThat(electra.arch()).isEqualTo("student");
        assertThat(Pretrainer.of(albert, System.err)).isInstanceOf(AlbertPretrainer.class);
        assertThat(Pretrainer.of(electra, System.err)).isInstanceOf(ElectraPretrainer.class);
        assertThatThrownBy(() -> new PretrainConfig("bert", null, List.of(corpus), tmp, 1, 1, 1e-3f, 1, 0f, 1f,
                0.15, 50f, 4, MAX_LEN, 1, 1, 1, 1)).hasMessageContaining("known: electra, albert");
    }

    /** The sentence order of this corpus is hard to see (it is in the quarter numbers), so the fall is mostly MLM's. */
    @Test
    void theLossFallsOnTheInventedCorpus() throws IOException {
        Path out = tmp.resolve("falls");
        PretrainConfig cfg = new PretrainConfig("albert", "tiny", List.of(corpus), out, 40, 8, 3e-3f, 4, 0.01f, 1f,
                0.15, 50f, 4, MAX_LEN, 1, 40, 4, 42);
        pretrainer(cfg, new ByteArrayOutputStream()).run(false);
        List<JsonNode> rows = ElectraPretrainerTest.rows(out);
        JsonNode first = rows.get(0);
        JsonNode last = rows.get(rows.size() - 1);
        String log = rows.toString();
        assertThat(last.path("mlm_loss").asDouble() + last.path("sop_loss").asDouble()).as(log)
                .isLessThan(first.path("mlm_loss").asDouble() + first.path("sop_loss").asDouble() - 0.4);
        assertThat(last.path("mlm_accuracy").asDouble()).as(log).isGreaterThan(2 * last.path("frequency_baseline").asDouble());
    }

    /** Two-sentence documents that open with 首先 (first) and go on with 随后 (then): the order is in plain sight. */
    @Test
    void sentenceOrderIsLearnedWhenTheTextShowsIt() throws IOException {
        String[] firms = {"华星科技", "蓝海集团", "青松智能", "金帆物流", "云帆软件", "恒信证券"};
        String[] verbs = {"发布年报", "宣布回购股份", "下调全年预期", "签署合作协议", "完成新一轮融资"};
        Random r = new Random(5);
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 200; d++) {
            text.append("首先").append(firms[r.nextInt(firms.length)]).append(verbs[r.nextInt(verbs.length)]).append('。')
                    .append("随后").append(firms[r.nextInt(firms.length)]).append(verbs[r.nextInt(verbs.length)]).append("。\n\n");
        }
        Path ordered = Files.writeString(tmp.resolve("ordered.txt"), text, StandardCharsets.UTF_8);
        Path out = tmp.resolve("ordered");
        PretrainConfig cfg = new PretrainConfig("albert", "tiny", List.of(ordered), out, 80, 16, 2e-3f, 4, 0.01f, 1f,
                0.15, 50f, 4, MAX_LEN, 1, 80, 10, 42);
        pretrainer(cfg, new ByteArrayOutputStream()).run(false);
        List<JsonNode> rows = ElectraPretrainerTest.rows(out);
        assertThat(rows.get(rows.size() - 1).path("sop_accuracy").asDouble()).as(rows.toString()).isGreaterThan(0.9);
    }
}
