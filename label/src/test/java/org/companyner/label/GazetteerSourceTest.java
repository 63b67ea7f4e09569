package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class GazetteerSourceTest {
    private final GazetteerSource source = new GazetteerSource("test", List.of("星河科技", "星河科技股份有限公司", "ABC银行", "月"), 0.9);

    @Test
    void takesTheLongestNameAtTheLeftmostStart() {
        List<Entity> found = source.label(List.of("据星河科技股份有限公司公告，星河科技营收增长。")).get(0);
        assertThat(found).extracting(Entity::text).containsExactly("星河科技股份有限公司", "星河科技");
        assertThat(found.get(0).start()).isEqualTo(1);
        assertThat(found.get(0).end()).isEqualTo(11);
        assertThat(found).allSatisfy(e -> assertThat(e.score()).isEqualTo(0.9));
    }

    @Test
    void matchesFullWidthTextWithOriginalOffsets() {
        String text = "𠀀𠀁ａｂｃ银行与ＡＢＣ银行";
        List<Entity> found = source.label(List.of(text)).get(0);
        assertThat(found).extracting(Entity::text).containsExactly("ａｂｃ银行", "ＡＢＣ银行");
        assertThat(found.get(0).start()).isEqualTo(2); // two astral characters count one code point each
        assertThat(found.get(1).end()).isEqualTo(CodePoints.length(text));
        for (Entity e : found) {
            assertThat(CodePoints.substring(text, e.start(), e.end())).isEqualTo(e.text());
        }
    }

    @Test
    void ignoresNamesShorterThanTwoCharacters() {
        assertThat(source.label(List.of("今年五月")).get(0)).isEmpty();
    }
}
