package org.companyner.train;

import org.companyner.runtime.Featurizer;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.companyner.text.Tags;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Training windows carry what the data says: unknown positions for the partial-label loss, mention confidence as weight. */
class ExamplesTest {
    private final Featurizer featurizer = new Featurizer(CharVocab.build(Map.of(), 1), BigramVocab.build(Map.of(), 1));

    @Test
    void unknownRangesBecomeUnknownTagsAndTheLeastCertainMentionSetsTheWeight() {
        String text = "华星科技与蓝海集团签约";
        Document d = new Document(text, List.of(Entity.of(text, 0, 4, Entity.COMPANY, 0.9),
                Entity.of(text, 5, 9, Entity.COMPANY, 0.6)), List.of(new Range(9, 11)), null);
        List<Trainer.Example> ex = Trainer.examples(List.of(d), featurizer, 64);
        assertThat(ex).hasSize(1);
        int o = Tags.O;
        int b = Tags.B;
        int i = Tags.I;
        int u = Tags.UNKNOWN;
        assertThat(ex.get(0).tags()).containsExactly(b, i, i, i, o, b, i, i, i, u, u);
        assertThat(ex.get(0).weight()).isEqualTo(0.6f);
    }

    @Test
    void goldDataGivesPlainTagsAndWeightOne() {
        String text = "华星科技签约";
        List<Trainer.Example> ex = Trainer.examples(List.of(new Document(text,
                List.of(Entity.of(text, 0, 4, Entity.COMPANY, 1.0)))), featurizer, 64);
        assertThat(ex.get(0).tags()).containsExactly(Tags.B, Tags.I, Tags.I, Tags.I, Tags.O, Tags.O);
        assertThat(ex.get(0).weight()).isEqualTo(1f);
    }
}
