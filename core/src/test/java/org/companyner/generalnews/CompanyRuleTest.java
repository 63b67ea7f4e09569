package org.companyner.generalnews;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule of data/general-news/RULE.md on invented names and invented gazetteer evidence. */
class CompanyRuleTest {
    private final CompanyRule rule = new CompanyRule(new CompanyRule.Evidence(
            Map.of("华为", Set.of("finre_train_entity"), "北大", Set.of("ccks2019_subject_train"),
                    "星河科技", Set.of("listed_short"), "日本", Set.of("ccks2019_subject_train")),
            Set.of("华为", "北大", "苹果"),
            Set.of("海尔")));

    private boolean company(String name) {
        return rule.decide(name).company();
    }

    @Test
    void brandVouchedForByBrandListAndAnOrganisationListIsACompany() {
        assertThat(company("华为")).isTrue();
        assertThat(rule.decide("华为").reason()).isEqualTo("brand and organisation lists");
    }

    @Test
    void brandInOnlyOneListIsNotEnough() {
        assertThat(company("苹果")).isFalse(); // brand list only: the list is noisy
        assertThat(company("日本")).isFalse(); // union list only
        assertThat(company("海尔")).isFalse(); // organisation dictionary only
    }

    @Test
    void listedCompanyShortNameIsACompanyWhateverItsEnding() {
        assertThat(company("星河科技")).isTrue();
    }

    @Test
    void companyHeadsMakeCompanies() {
        assertThat(company("招商银行")).isTrue();
        assertThat(company("蓝海集团")).isTrue();
        assertThat(company("云帆股份有限公司")).isTrue();
        assertThat(company("光明毛巾厂")).isTrue();
        assertThat(company("长城饭店")).isTrue();
        assertThat(company("青山律师事务所")).isTrue();
        assertThat(company("海风国际旅行社")).isTrue();
        assertThat(company("宝钢")).isTrue(); // state-owned enterprises are companies
    }

    @Test
    void governmentSchoolsMediaTeamsAssociationsAndExchangesAreNot() {
        assertThat(company("国务院")).isFalse();
        assertThat(company("外交部")).isFalse();
        assertThat(company("北京大学")).isFalse();
        assertThat(company("北大")).isFalse(); // in the brand and union lists, but a known short form
        assertThat(company("新华社")).isFalse();
        assertThat(company("人民日报")).isFalse();
        assertThat(company("中央电视台")).isFalse();
        assertThat(company("北京国安队")).isFalse();
        assertThat(company("中国足球协会")).isFalse();
        assertThat(company("纽约证券交易所")).isFalse();
        assertThat(company("人民医院")).isFalse();
        assertThat(company("海洋研究所")).isFalse();
    }

    @Test
    void longestHeadWins() {
        assertThat(company("15国集团")).isFalse();   // 国集团 beats 集团
        assertThat(company("中国出版社")).isFalse();   // 社
        assertThat(company("青年旅行社")).isTrue();   // 旅行社 beats 社
        assertThat(company("电器公司工会")).isFalse(); // the union of a company is not the company
        assertThat(company("万科")).isFalse();        // no head, no evidence: 科 alone is not a head
    }

    @Test
    void centralAndMultilateralBanksAreNotCompanies() {
        assertThat(company("中国人民银行")).isFalse();
        assertThat(company("欧洲中央银行")).isFalse();
        assertThat(company("央行")).isFalse();
        assertThat(company("世界银行")).isFalse();
        assertThat(company("亚洲开发银行")).isFalse();
        assertThat(company("中国银行")).isTrue();
    }

    @Test
    void aBareHeadIsNotAName() {
        assertThat(company("公司")).isFalse();
        assertThat(company("集团总公司")).isFalse();
    }

    @Test
    void companyHeadIsTheLegalOrTradeSuffix() {
        assertThat(CompanyRule.hasCompanyHead("招商银行")).isTrue();
        assertThat(CompanyRule.hasCompanyHead("华为")).isFalse();
    }
}
