package org.companyner.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTest {
    private static final String TEXT = "😀云帆数据"; // 5 code points, 6 UTF-16 units

    private static float[][] uniform(int length) {
        float[][] rows = new float[length][];
        for (int i = 0; i < length; i++) {
            rows[i] = new float[] {0.5f, 0.25f, 0.25f};
        }
        return rows;
    }

    @Test
    void oldConstructorsHaveNoUnknownRangesAndNoMarginals() {
        Document d = new Document(TEXT, List.of(Entity.of(TEXT, 1, 5, Entity.COMPANY, 0.75)));
        assertThat(d.unknown()).isEmpty();
        assertThat(d.marginals()).isNull();
        assertThat(d.hasMarginals()).isFalse();
        assertThat(new Document(TEXT)).isEqualTo(new Document(TEXT, List.of(), List.of(), null));
    }

    @Test
    void comparesMarginalsByContent() {
        Document a = new Document(TEXT, List.of(), List.of(new Range(0, 2)), uniform(5));
        Document b = new Document(TEXT, List.of(), List.of(new Range(0, 2)), uniform(5));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("[0.5, 0.25, 0.25]").contains("[0, 2)");
        float[][] other = uniform(5);
        other[4] = new float[] {0.25f, 0.25f, 0.5f};
        assertThat(a).isNotEqualTo(a.withMarginals(other)).isNotEqualTo(a.withMarginals(null));
    }

    @Test
    void cannotBeChangedThroughItsArrays() {
        float[][] rows = uniform(5);
        Document d = new Document(TEXT, List.of(), List.of(), rows);
        rows[0][0] = 1;
        d.marginals()[0][0] = 1;
        assertThat(d.marginal(0, Tags.O)).isEqualTo(0.5f);
    }

    @Test
    void mergesTouchingUnknownRanges() {
        Document d = new Document(TEXT).withUnknown(List.of(new Range(0, 1), new Range(1, 3), new Range(4, 5)));
        assertThat(d.unknown()).containsExactly(new Range(0, 3), new Range(4, 5));
    }

    @Test
    void rejectsUnknownRangesOutsideUnsortedOrOverlapping() {
        Document d = new Document(TEXT);
        assertThatThrownBy(() -> d.withUnknown(List.of(new Range(3, 6))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the text (5 code points)");
        assertThatThrownBy(() -> d.withUnknown(List.of(new Range(2, 4), new Range(0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
        assertThatThrownBy(() -> d.withUnknown(List.of(new Range(0, 3), new Range(2, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4) after [0, 3)");
        assertThatThrownBy(() -> new Range(2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Range(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMarginalsOfTheWrongShapeOrNotDistributions() {
        Document d = new Document(TEXT);
        assertThatThrownBy(() -> d.withMarginals(uniform(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 rows, the text has 5 code points");
        float[][] wide = uniform(5);
        wide[2] = new float[] {0.5f, 0.5f};
        assertThatThrownBy(() -> d.withMarginals(wide)).hasMessageContaining("row 2 has 2 values");
        float[][] sum = uniform(5);
        sum[3] = new float[] {0.5f, 0.5f, 0.01f};
        assertThatThrownBy(() -> d.withMarginals(sum)).hasMessageContaining("row 3 sums to 1.010000");
        float[][] negative = uniform(5);
        negative[1] = new float[] {1.5f, -0.5f, 0f};
        assertThatThrownBy(() -> d.withMarginals(negative)).hasMessageContaining("not a probability");
        float[][] nan = uniform(5);
        nan[0] = new float[] {Float.NaN, 0.5f, 0.5f};
        assertThatThrownBy(() -> d.withMarginals(nan)).hasMessageContaining("NaN");
        float[][] close = uniform(5);
        close[0] = new float[] {0.5f, 0.25f, 0.2505f};
        assertThat(d.withMarginals(close).marginal(0, Tags.I)).isEqualTo(0.2505f);
    }

    @Test
    void tagsMarkUnknownPositionsOutsideMentions() {
        Document d = new Document(TEXT, List.of(Entity.of(TEXT, 1, 3, Entity.COMPANY, 0.9)), List.of(new Range(0, 4)), null);
        assertThat(d.tags()).containsExactly(Tags.UNKNOWN, Tags.B, Tags.I, Tags.UNKNOWN, Tags.O);
    }
}
