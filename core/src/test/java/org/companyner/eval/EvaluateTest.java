package org.companyner.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.KeywordEmitter;
import org.companyner.runtime.Recognizer;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.vocab.BigramVocab;
import org.junit.jupiter.api.Test;

/** {@link Evaluator#evaluate}: running a recognizer and scoring it is the same as doing both by hand. */
class EvaluateTest {
    private static Document doc(String text, String... mentions) {
        List<Entity> es = new ArrayList<>();
        for (String m : mentions) {
            int start = CodePoints.length(text.substring(0, text.indexOf(m)));
            es.add(Entity.of(text, start, start + CodePoints.length(m), Entity.COMPANY, 1));
        }
        return new Document(text, es);
    }

    // the test double finds maximal runs of its company characters: one hit, one miss (腾讯), one
    // spurious (银行 alone is not gold), one boundary error (华星科技 vs 华星科技股份有限公司)
    private static final List<Document> GOLD = List.of(
            doc("😀我在华星科技股份有限公司工作，也去过腾讯。", "华星科技股份有限公司", "腾讯"),
            doc("蓝海集团和一家银行。", "蓝海集团"),
            doc("华星科技发布公告，华星科技的股价上涨。", "华星科技发布"),
            doc("没有公司。"));

    @Test
    void evaluateEqualsRecognizeThenScore() {
        Recognizer recognizer = new Recognizer(new KeywordEmitter(16),
                new Featurizer(KeywordEmitter.vocab(), BigramVocab.build(Map.of(), 1)), 64);
        List<List<Entity>> found = recognizer.recognize(GOLD.stream().map(Document::text).toList());
        List<Document> predicted = new ArrayList<>();
        for (int i = 0; i < GOLD.size(); i++) {
            predicted.add(new Document(GOLD.get(i).text(), found.get(i)));
        }
        Scores old = Evaluator.score(GOLD, predicted);

        Evaluation e = Evaluator.evaluate(recognizer, GOLD);
        assertThat(e.scores()).isEqualTo(old);
        assertThat(e.predicted()).isEqualTo(predicted);
        assertThat(e.errors()).isEqualTo(Evaluator.errors(GOLD, predicted));
        assertThat(old.tp()).isEqualTo(2);
        assertThat(old.fp()).isPositive();
        assertThat(old.fn()).isPositive();
        assertThat(e.seconds()).isPositive();
        assertThat(e.metrics(null)).containsEntry("tp", 2L).containsEntry("f1", Evaluation.round(old.f1()))
                .doesNotContainKey("in_lexicon_recall");
        assertThat(e.metrics(s -> s.equals("腾讯"))).containsEntry("in_lexicon_mentions", 1L)
                .containsEntry("in_lexicon_recall", 0.0);
    }
}
