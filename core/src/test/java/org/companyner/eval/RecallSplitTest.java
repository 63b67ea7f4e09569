package org.companyner.eval;

import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecallSplitTest {
    @Test
    void splitsGoldMentionsByTheListAndScoresEachPart() {
        String text = "蓝海集团与星辰动力合作";
        Document gold = new Document(text, List.of(Entity.of(text, 0, 4, Entity.COMPANY, 1), Entity.of(text, 5, 9, Entity.COMPANY, 1)));
        Document predicted = new Document(text, List.of(Entity.of(text, 0, 4, Entity.COMPANY, 0.9)));
        Evaluator.RecallSplit split = Evaluator.recallSplit(List.of(gold), List.of(predicted), "蓝海集团"::equals);
        assertThat(split.inMentions()).isEqualTo(1);
        assertThat(split.inRecall()).isEqualTo(1.0);
        assertThat(split.outMentions()).isEqualTo(1);
        assertThat(split.outRecall()).isEqualTo(0.0);
    }
}
