package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class DatasetSourcesTest {
    private static final String OWN = "星河科技涉嫌违规，星河科技股价大跌，东方钢铁回应。";

    @Test
    void ownTextsPlaceOnlyThatTextsStringsAtEveryOccurrence() {
        DatasetStringSource source = DatasetStringSource.ownTexts("d", Map.of(OWN, Set.of("星河科技")), 0.7);
        List<List<Entity>> found = source.label(List.of(OWN, "星河科技出现在别的文本里"));
        assertThat(found.get(0)).extracting(Entity::start).containsExactly(0, 9);
        assertThat(found.get(1)).isEmpty();
    }

    @Test
    void everywhereMatchesTheWholeStringListInAnyText() {
        DatasetStringSource source = DatasetStringSource.everywhere("d", List.of(Set.of("星河科技"), Set.of("东方钢铁")), 0.7);
        assertThat(source.label(List.of("东方钢铁与星河科技")).get(0)).extracting(Entity::text).containsExactly("东方钢铁", "星河科技");
    }

    @Test
    void csvKeepsQuotedCommasAndNewlines() {
        List<List<String>> rows = Csv.parse("\uFEFF\"1\",\"甲,乙\nX\",\"\"\"q\"\"\"\r\n2,b,c\n");
        assertThat(rows).containsExactly(List.of("1", "甲,乙\nX", "\"q\""), List.of("2", "b", "c"));
    }

    @Test
    void nerCorpusKeepsOnlyCompanyLikeOrgs() {
        String text = "他曾任星河科技有限公司董事、清华大学教授、本公司监事。";
        Document doc = new Document(text, List.of(
                Entity.of(text, 3, 11, Entity.COMPANY, 1), Entity.of(text, 14, 18, Entity.COMPANY, 1),
                Entity.of(text, 21, 24, Entity.COMPANY, 1)));
        NerCorpusSource own = NerCorpusSource.ownTexts("c", List.of(doc), s -> false, 0.8);
        assertThat(own.label(List.of(text)).get(0)).extracting(Entity::text).containsExactly("星河科技有限公司");
        LabellingSource strings = NerCorpusSource.everywhere("c", List.of(doc), s -> false, 0.8);
        assertThat(strings.label(List.of("加盟星河科技有限公司")).get(0)).extracting(Entity::start).containsExactly(2);
    }
}
