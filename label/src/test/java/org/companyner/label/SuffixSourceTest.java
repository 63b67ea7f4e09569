package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class SuffixSourceTest {
    private final SuffixSource source = new SuffixSource(
            List.of("股份", "股份有限公司", "有限公司", "公司", "集团", "银行", "店"), List.of("科技"));

    private List<Entity> label(String text) {
        return source.label(List.of(text)).get(0);
    }

    @Test
    void theLongestSuffixEndsTheName() {
        assertThat(label("万科企业股份有限公司发布公告")).extracting(Entity::text).containsExactly("万科企业股份有限公司");
    }

    @Test
    void keepsBracketsInsideTheName() {
        String text = "昨日，中国平安保险（集团）股份有限公司公布业绩。";
        List<Entity> found = label(text);
        assertThat(found).extracting(Entity::text).containsExactly("中国平安保险（集团）股份有限公司");
        assertThat(found.get(0).start()).isEqualTo(3);
        assertThat(found.get(0).score()).isEqualTo(SuffixSource.STRONG_CONFIDENCE);
    }

    @Test
    void stopsAtPunctuationAndVerbsOnTheLeft() {
        assertThat(label("公告称，万科企业股份有限公司与招商银行签约")).extracting(Entity::text)
                .containsExactly("万科企业股份有限公司", "招商银行");
    }

    @Test
    void dropsAnaphoraAndGenericBodies() {
        assertThat(label("本公司和子公司以及一家科技公司")).isEmpty();
    }

    @Test
    void offsetsCountCodePointsOfTheOriginalText() {
        String text = "𠀀，ＡＢＣ电子有限公司成立";
        List<Entity> found = label(text);
        assertThat(found).hasSize(1);
        Entity e = found.get(0);
        assertThat(CodePoints.substring(text, e.start(), e.end())).isEqualTo(e.text());
        assertThat(e.text()).endsWith("有限公司");
        assertThat(e.start()).isGreaterThanOrEqualTo(2);
    }
}
