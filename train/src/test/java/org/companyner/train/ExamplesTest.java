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

    @Test
    void teacherMarginalsBecomeSoftTargetsAndUnsurePositionsUnknown() {
        String text = "华星科技签约";
        float[][] m = {{.02f, .97f, .01f}, {.02f, .01f, .97f}, {.3f, .1f, .6f}, {.02f, .01f, .97f},
                {.97f, .02f, .01f}, {.55f, .45f, 0f}};
        Document d = new Document(text, List.of(Entity.of(text, 0, 4, Entity.COMPANY, 0.8)), List.of(), m);
        Trainer.Example sure = Trainer.examples(List.of(d), featurizer, 64, 0f).get(0);
        assertThat(sure.tags()).containsExactly(Tags.B, Tags.I, Tags.I, Tags.I, Tags.O, Tags.O);
        assertThat(sure.soft()).hasDimensions(6, 3);
        assertThat(sure.soft()[2]).containsExactly(.3f, .1f, .6f);
        Trainer.Example unsure = Trainer.examples(List.of(d), featurizer, 64, 0.7f).get(0);
        assertThat(unsure.tags()).as("top marginal .6 and .55 are below .7")
                .containsExactly(Tags.B, Tags.I, Tags.UNKNOWN, Tags.I, Tags.O, Tags.UNKNOWN);
        assertThat(unsure.weight()).isEqualTo(0.8f);
    }

    @Test
    void longDocumentsSliceTheirSoftTargetsWithTheirWindows() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 30; k++) {
            sb.append("华星科技今日签约。");
        }
        String text = sb.toString();
        int n = text.length();
        float[][] m = new float[n][3];
        for (int p = 0; p < n; p++) {
            m[p][Tags.O] = 1f - p / (float) (2 * n);
            m[p][Tags.B] = p / (float) (2 * n);
        }
        List<Trainer.Example> ex = Trainer.examples(List.of(new Document(text, List.of(), List.of(), m)), featurizer, 64, 0f);
        assertThat(ex).hasSizeGreaterThan(1);
        for (Trainer.Example e : ex) {
            assertThat(e.soft()).hasNumberOfRows(e.tags().length);
        }
        // every window's rows are the document's rows from the window's start: find it by the B marginal
        Trainer.Example second = ex.get(1);
        int start = Math.round(second.soft()[0][Tags.B] * 2 * n);
        for (int i = 0; i < second.tags().length; i++) {
            assertThat(second.soft()[i]).containsExactly(m[start + i]);
        }
    }
}
