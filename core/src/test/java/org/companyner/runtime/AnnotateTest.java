package org.companyner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Tags;
import org.companyner.vocab.BigramVocab;
import org.junit.jupiter.api.Test;

/** {@link Recognizer#annotate} with the {@link KeywordEmitter} test double. */
class AnnotateTest {
    private static Recognizer recognizer(int maxLength, int batchTokens) {
        return new Recognizer(new KeywordEmitter(maxLength),
                new Featurizer(KeywordEmitter.vocab(), BigramVocab.build(Map.of(), 1)), batchTokens);
    }

    private static final List<String> ARTICLES = List.of(
            "😀昨天华星科技股份有限公司与蓝海集团签约。",
            "",
            "没有公司。",
            // longer than one window: positions come from several windows
            "今天".repeat(40) + "星海银行" + "明天".repeat(40) + "华海科技集团有限公司发布公告");

    private static int argmax(double[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void marginalsHaveOneRowOfThreeTagsPerCodePointSummingToOne() {
        List<Annotation> out = recognizer(32, 64).annotate(ARTICLES);
        assertThat(out).hasSize(ARTICLES.size());
        for (int a = 0; a < ARTICLES.size(); a++) {
            double[][] m = out.get(a).marginals();
            assertThat(m).as("article %d", a).hasNumberOfRows(CodePoints.length(ARTICLES.get(a)));
            for (double[] row : m) {
                assertThat(row).hasSize(Tags.COUNT);
                assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, within(1e-6));
                for (double p : row) {
                    assertThat(p).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void theMostProbableTagOfEachPositionIsTheDecodedOne() {
        String article = ARTICLES.get(0);
        Annotation a = recognizer(64, 4096).annotate(List.of(article)).get(0);
        int[] expected = new int[CodePoints.length(article)]; // O everywhere but the mentions
        for (Entity e : a.entities()) {
            expected[e.start()] = Tags.B;
            for (int pos = e.start() + 1; pos < e.end(); pos++) {
                expected[pos] = Tags.I;
            }
        }
        assertThat(a.entities()).extracting(Entity::text).containsExactly("华星科技股份有限公司", "蓝海集团");
        for (int pos = 0; pos < expected.length; pos++) {
            assertThat(argmax(a.marginals()[pos])).as("position %d", pos).isEqualTo(expected[pos]);
        }
    }

    @Test
    void aMentionsScoreIsTheMeanMarginalOfItsTags() {
        Annotation a = recognizer(64, 4096).annotate(List.of(ARTICLES.get(0))).get(0);
        for (Entity e : a.entities()) {
            double sum = a.marginals()[e.start()][Tags.B];
            for (int pos = e.start() + 1; pos < e.end(); pos++) {
                sum += a.marginals()[pos][Tags.I];
            }
            assertThat(e.score()).isCloseTo(sum / (e.end() - e.start()), within(1e-4));
        }
    }

    @Test
    void recognizeGivesAnnotatesEntities() {
        Recognizer r = recognizer(32, 64);
        assertThat(r.recognize(ARTICLES))
                .isEqualTo(r.annotate(ARTICLES).stream().map(Annotation::entities).toList());
    }
}
