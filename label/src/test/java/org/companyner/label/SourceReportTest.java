package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.companyner.eval.Scores;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class SourceReportTest {
    @Test
    void scoresEachSourceByExactMatchWithOverlapRecall() {
        String a = "星河科技和东方钢铁合作";
        String b = "月亮银行公布年报";
        List<Document> gold = List.of(
                new Document(a, List.of(Entity.of(a, 0, 4, Entity.COMPANY, 1), Entity.of(a, 5, 9, Entity.COMPANY, 1))),
                new Document(b, List.of(Entity.of(b, 0, 4, Entity.COMPANY, 1))));
        // finds 星河科技 exactly, 东方钢 (overlap only) and 年报 (wrong): P 1/3, R 1/3, overlap recall 2/3
        LabellingSource fixed = new GazetteerSource("fixed", List.of("星河科技", "东方钢", "年报"), 0.5);
        List<SourceReport.Row> rows = SourceReport.evaluate(List.of(fixed), gold);
        Scores s = rows.get(0).scores();
        assertThat(rows.get(0).source()).isEqualTo("fixed");
        assertThat(s.tp()).isEqualTo(1);
        assertThat(s.fp()).isEqualTo(2);
        assertThat(s.fn()).isEqualTo(2);
        assertThat(s.precision()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(s.recall()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(s.overlapRecall()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(SourceReport.table(rows)).contains("fixed").contains("0.333");
    }
}
