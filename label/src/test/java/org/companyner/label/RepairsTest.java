package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.companyner.UserError;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

/** The pipeline: rules in the order given, and the report's counts and examples. */
class RepairsTest {
    private final SuffixRule suffix = new SuffixRule(List.of("公司", "有限公司"));
    private final GazetteerRule gazetteer = new GazetteerRule(new GazetteerSource("gazetteer-trusted", List.of("星河科技"),
            GazetteerSource.TRUSTED_CONFIDENCE));

    @Test
    void rulesRunInTheOrderGivenEachOnThePreviousOutput() {
        Document d = new Document("星河科技有限公司成立于2010年");
        // gazetteer adds 星河科技, then suffix grows it; the other way round suffix has nothing to grow
        Entity grown = Repairs.apply(List.of(d), List.of(gazetteer, suffix)).documents().get(0).entities().get(0);
        assertThat(grown.text()).isEqualTo("星河科技有限公司");
        assertThat(grown.score()).isEqualTo(GazetteerSource.TRUSTED_CONFIDENCE);
        Entity only = Repairs.apply(List.of(d), List.of(suffix, gazetteer)).documents().get(0).entities().get(0);
        assertThat(only.text()).isEqualTo("星河科技");
    }

    @Test
    void reportCountsChangedAddedAndRefusedPerRule() {
        String a = "腾讯投资了一家公司";
        String b = "星河科技有限公司成立，星河科技宣布";
        List<Document> docs = List.of(
                new Document(a, List.of(Entity.of(a, 0, 3, Entity.COMPANY, 1.0))), // boundary: verb refused
                new Document(b, List.of(Entity.of(b, 0, 3, Entity.COMPANY, 1.0))), // boundary 星河科 → 星河科技, suffix → 星河科技有限公司
                new Document("今天天气很好"));
        Repairs.Run run = Repairs.apply(docs, List.of(new BoundaryRule(), suffix, gazetteer));
        RepairReport report = run.report();

        assertThat(report.rule("boundary").changed()).isEqualTo(1);
        assertThat(report.rule("boundary").refused()).isEqualTo(1);
        assertThat(report.rule("boundary").refusedBy()).isEqualTo(Map.of("verb", 1));
        assertThat(report.rule("suffix").changed()).isEqualTo(1);
        assertThat(report.rule("gazetteer").added()).isEqualTo(1); // the second 星河科技; the first is inside a mention
        assertThat(report.rule("gazetteer").refusedBy()).isEqualTo(Map.of("mention", 1));
        assertThat(report.documents()).isEqualTo(3);
        assertThat(report.documentsChanged()).isEqualTo(1);
        assertThat(report.mentionsBefore()).isEqualTo(2);
        assertThat(report.mentionsAfter()).isEqualTo(3);
        assertThat(run.documents().get(1).entities()).extracting(Entity::text).containsExactly("星河科技有限公司", "星河科技");

        String md = report.markdown("fixture");
        assertThat(md).contains("| boundary | 1 | 0 | 1 | verb 1 |")
                .contains("| suffix | 1 | 0 | 0 | - |")
                .contains("| gazetteer | 0 | 1 | 1 | mention 1 |")
                .contains("`[星河科]技有限公司成立，星河科技宣…` → `[星河科技]有限公司成立，星河科技宣…`")
                .contains("never commit");
        assertThat(report.table()).contains("boundary").contains("3 documents, 1 changed; mentions 2 -> 3");
    }

    @Test
    void examplesStopAtTwentyPerRule() {
        String text = "星河科技";
        List<Document> docs = java.util.Collections.nCopies(25, new Document(text));
        RepairReport report = Repairs.apply(docs, List.of(gazetteer)).report();
        assertThat(report.rule("gazetteer").added()).isEqualTo(25);
        assertThat(report.rule("gazetteer").examples()).hasSize(RepairReport.EXAMPLES);
    }

    @Test
    void unknownOrRepeatedRuleNamesAreUserErrors() {
        assertThatThrownBy(() -> Repairs.checkNames(List.of("boundary", "spelling")))
                .isInstanceOf(UserError.class).hasMessageContaining("unknown repair rule 'spelling'").hasMessageContaining("boundary, suffix, tagger, gazetteer");
        assertThatThrownBy(() -> Repairs.checkNames(List.of("suffix", "suffix"))).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> Repairs.checkNames(List.of())).isInstanceOf(UserError.class);
    }
}
