package org.companyner.link;

import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompanyLinkerTest {
    final CompanyLinker linker = new CompanyLinker(LinkerTest.TABLE);

    private static Entity at(String text, String mention, int from) {
        int i = text.indexOf(mention, from);
        int s = text.codePointCount(0, i);
        return Entity.of(text, s, s + mention.codePointCount(0, mention.length()), Entity.COMPANY, 0.95);
    }

    @Test
    void aDeclaredAliasIsTaggedAndLinkedForTheRestOfTheArticle() {
        String text = "😀贵州茅台酒股份有限公司（以下简称“小茅”）公告，小茅营收增长；小茅称将分红。";
        Entity full = at(text, "贵州茅台酒股份有限公司", 0);
        Entity modelFound = at(text, "小茅", text.indexOf("营收") - 3);
        List<Entity> out = linker.link(text, List.of(full, modelFound));
        assertThat(out).extracting(Entity::text).containsExactly("贵州茅台酒股份有限公司", "小茅", "小茅", "小茅");
        for (Entity e : out) {
            assertThat(e.link().id()).isEqualTo("600519.SH");
            assertThat(CodePoints.substring(text, e.start(), e.end())).isEqualTo(e.text());
        }
        assertThat(out.get(1).start()).isEqualTo(CodePoints.length("😀贵州茅台酒股份有限公司（以下简称“"));
        assertThat(out.get(2)).isEqualTo(modelFound.withLink(out.get(2).link()));
    }

    @Test
    void anUnknownCompanysAliasIsTaggedButNotLinkedAndTheTableDoesNotOverrideTheArticle() {
        String text = "华星云帆控股有限公司(简称云帆)表示，云帆将扩产。";
        List<Entity> out = linker.link(text, List.of(at(text, "华星云帆控股有限公司", 0)));
        assertThat(out).extracting(Entity::text).containsExactly("华星云帆控股有限公司", "云帆", "云帆");
        assertThat(out).allSatisfy(e -> assertThat(e.link()).isNull());
    }

    @Test
    void withoutADeclarationMentionsLinkByTheTableAndNothingIsAdded() {
        String text = "云帆和平安都提到茅台。";
        List<Entity> out = linker.link(text, List.of(at(text, "云帆", 0), at(text, "平安", 0)));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).link().id()).isEqualTo("Nabc");
        assertThat(out.get(1).link()).isNull();
    }

    @Test
    void genericWordsAreNeverDocumentAliasesAndAddedMentionsNeverOverlapTheModels() {
        String text = "贵州茅台酒股份有限公司（以下简称“公司”或“茅台”）称，茅台酒厂与公司无关。";
        Entity full = at(text, "贵州茅台酒股份有限公司", 0);
        Entity longer = at(text, "茅台酒厂", 20);
        List<Entity> out = linker.link(text, List.of(full, longer));
        assertThat(out).extracting(Entity::text).containsExactly("贵州茅台酒股份有限公司", "茅台", "茅台酒厂");
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).start()).isGreaterThanOrEqualTo(out.get(i - 1).end());
        }
    }

    @Test
    void aRegisteredNameTheModelMissedStillDeclares() {
        String text = "万科企业股份有限公司（下称“万企”）发布公告。";
        List<Entity> out = linker.link(text, List.of());
        assertThat(out).extracting(Entity::text).containsExactly("万企");
        assertThat(out.get(0).link().id()).isEqualTo("000002.SZ");
    }

    @Test
    void declarationForms() {
        assertThat(DocumentAliases.find(CodePoints.of("甲公司(以下简称:乙方科技)、丙（简称“丁丁”）戊（下称\"己己\"）")))
                .extracting(DocumentAliases.Declaration::alias).containsExactly("乙方科技", "丁丁", "己己");
        assertThat(DocumentAliases.find(CodePoints.of("A公司（以下简称“本公司”）（简称）（简称“”）B有限公司（以下简称“海外子公司”）"))).isEmpty();
    }
}
