package org.companyner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.TextGen;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final String A = "😀我在华为技术有限公司工作，也去过腾讯。";
    private static final String B = "阿里巴巴集团。";

    private static Document doc(String text, int... bounds) {
        List<Entity> es = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            es.add(Entity.of(text, bounds[i], bounds[i + 1], Entity.COMPANY, 1));
        }
        return new Document(text, es);
    }

    private static final List<Document> GOLD = List.of(doc(A, 3, 11, 17, 19), doc(B, 0, 6));

    @Test
    void perfect() {
        Scores s = Evaluator.score(GOLD, GOLD);
        assertThat(s).isEqualTo(new Scores(3, 0, 0, 1, 1, 1, 1, 2, 20 + 7));
        assertThat(Evaluator.errors(GOLD, GOLD)).isEmpty();
    }

    @Test
    void allWrong() {
        List<Document> pred = List.of(doc(A, 0, 2), doc(B));
        Scores s = Evaluator.score(GOLD, pred);
        assertThat(s).isEqualTo(new Scores(0, 1, 3, 0, 0, 0, 0, 2, 27));
    }

    @Test
    void partial() {
        // [3,11) exact, [17,19) missed but overlapped by [18,20), [0,4) on B overlaps, [4,6) extra
        List<Document> pred = List.of(doc(A, 3, 11, 18, 20), doc(B, 0, 4, 4, 6));
        Scores s = Evaluator.score(GOLD, pred);
        assertThat(s.tp()).isEqualTo(1);
        assertThat(s.fp()).isEqualTo(3);
        assertThat(s.fn()).isEqualTo(2);
        assertThat(s.precision()).isCloseTo(0.25, within(1e-12));
        assertThat(s.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.f1()).isCloseTo(2 * 0.25 / 3 / (0.25 + 1.0 / 3), within(1e-12));
        assertThat(s.overlapRecall()).isEqualTo(1.0);

        List<ErrorCase> errors = Evaluator.errors(GOLD, pred);
        assertThat(errors).extracting(ErrorCase::kind, ErrorCase::docIndex, ErrorCase::start, ErrorCase::end)
                .containsExactly(
                        tuple("FN", 0, 17, 19),
                        tuple("FP", 0, 18, 20),
                        tuple("FP", 1, 0, 4),
                        tuple("FN", 1, 0, 6),
                        tuple("FP", 1, 4, 6));
        assertThat(errors.get(0).surface()).isEqualTo("腾讯");
        assertThat(errors.get(0).context()).isEqualTo("😀我在华为技术有限公司工作，也去过【腾讯】。");
        assertThat(errors.get(2).context()).isEqualTo("【阿里巴巴】集团。");
    }

    @Test
    void contextIsCutAtTwentyCodePoints() {
        String text = "😀".repeat(30) + "公司" + "🏢".repeat(30);
        List<Document> gold = List.of(doc(text, 30, 32));
        ErrorCase e = Evaluator.errors(gold, List.of(doc(text))).get(0);
        assertThat(e.context()).isEqualTo("😀".repeat(20) + "【公司】" + "🏢".repeat(20));
    }

    @Test
    void empty() {
        assertThat(Evaluator.score(List.of(), List.of())).isEqualTo(new Scores(0, 0, 0, 0, 0, 0, 0, 0, 0));
        List<Document> none = List.of(doc(""), doc(B));
        assertThat(Evaluator.score(none, none)).isEqualTo(new Scores(0, 0, 0, 0, 0, 0, 0, 2, 7));
    }

    @Test
    void rejectsMismatches() {
        assertThatThrownBy(() -> Evaluator.score(GOLD, GOLD.subList(0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Evaluator.errors(GOLD, List.of(doc(A), doc("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document 1");
        Document beyond = new Document("ab", List.of(new Entity(1, 3, "bc", Entity.COMPANY, 1)));
        assertThatThrownBy(() -> Evaluator.score(List.of(beyond), List.of(beyond)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesJsonLines() throws IOException {
        StringWriter out = new StringWriter();
        Evaluator.writeJsonLines(List.of(new ErrorCase("FP", 2, 0, 2, "华为", "【华为】\n\"x\"")), out);
        assertThat(out.toString()).isEqualTo(
                "{\"kind\":\"FP\",\"docIndex\":2,\"start\":0,\"end\":2,\"surface\":\"华为\",\"context\":\"【华为】\\n\\\"x\\\"\"}\n");
    }

    @Property(tries = 200)
    void scoresAgainstItselfArePerfectAndCountsAddUp(@ForAll long seed) {
        Random random = new Random(seed);
        List<Document> gold = new ArrayList<>();
        List<Document> pred = new ArrayList<>();
        int goldCount = 0;
        for (int d = random.nextInt(5); d >= 0; d--) {
            String text = TextGen.text(random, random.nextInt(200), false);
            int n = CodePoints.length(text);
            gold.add(doc(text, randomSpans(random, n)));
            pred.add(doc(text, randomSpans(random, n)));
            goldCount += gold.get(gold.size() - 1).entities().size();
        }
        Scores self = Evaluator.score(gold, gold);
        assertThat(self.fp() + self.fn()).isZero();
        assertThat(self.tp()).isEqualTo(goldCount);
        Scores s = Evaluator.score(gold, pred);
        assertThat(s.tp() + s.fn()).isEqualTo(goldCount);
        assertThat(s.recall()).isLessThanOrEqualTo(s.overlapRecall());
        assertThat(List.of(s.precision(), s.recall(), s.f1(), s.overlapRecall())).allMatch(x -> x >= 0 && x <= 1);
        assertThat(Evaluator.errors(gold, pred)).hasSize((int) (s.fp() + s.fn()));
    }

    private static int[] randomSpans(Random random, int n) {
        List<Integer> bounds = new ArrayList<>();
        int pos = 0;
        while (true) {
            pos += random.nextInt(10);
            int len = 1 + random.nextInt(6);
            if (pos + len > n) {
                break;
            }
            bounds.add(pos);
            bounds.add(pos + len);
            pos += len;
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }
}
