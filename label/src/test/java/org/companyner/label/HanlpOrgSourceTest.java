package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class HanlpOrgSourceTest {
    @Test
    void spansAreExactlyTheTaggedTermNeverOneCharacterLonger() {
        HanlpOrgSource source = new HanlpOrgSource();
        String text = "𠀀据悉，北京星河科技有限公司与上海东方钢铁集团签署协议。";
        List<Entity> found = source.label(List.of(text)).get(0);
        assertThat(found).isNotEmpty();
        for (Entity e : found) {
            assertThat(CodePoints.substring(text, e.start(), e.end())).isEqualTo(e.text());
            assertThat(CompanyLike.hasCompanyEnding(e.text())).as(e.text()).isTrue();
            // the character after the span is not part of it: the published system's off-by-one would swallow 与 / 签
            assertThat(e.text()).doesNotEndWith("与").doesNotEndWith("签");
        }
    }

    @Test
    void keepsOnlyCompanyLikeOrganisations() {
        List<Entity> found = new HanlpOrgSource().label(List.of("国务院办公厅和清华大学发布通知。")).get(0);
        assertThat(found).isEmpty();
    }

    @Test
    void aListedNameNeedsNoCompanyEnding() {
        HanlpOrgSource source = new HanlpOrgSource(name -> true);
        List<Entity> found = source.label(List.of("国务院办公厅发布通知。")).get(0);
        assertThat(found).allSatisfy(e -> assertThat(e.score()).isEqualTo(HanlpOrgSource.LISTED_CONFIDENCE));
    }
}
