package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.junit.jupiter.api.Test;

/** Each repair rule's behaviour and guards, on invented sentences (HanLP portable segments them as the comments say). */
class RepairRulesTest {
    private static final List<String> SUFFIXES = List.of("公司", "有限", "有限公司", "股份", "股份有限公司", "集团", "集团股份",
            "部", "子公司"); // shortest first, as a first-match rule would read them

    private static Entity span(String text, int start, int end, double score) {
        return Entity.of(text, start, end, Entity.COMPANY, score);
    }

    private static Document doc(String text, Entity... entities) {
        return new Document(text, List.of(entities));
    }

    private static RepairRule.Result run(RepairRule rule, Document d) {
        return rule.apply(d, RepairContext.of(d));
    }

    private static List<String> texts(RepairRule.Result r) {
        return r.document().entities().stream().map(Entity::text).toList();
    }

    private static List<String> guards(RepairRule.Result r) {
        return r.changes().stream().filter(c -> c.kind() == RepairChange.Kind.REFUSED).map(RepairChange::guard).toList();
    }

    // ---- boundary

    @Test
    void boundaryMovesBothEdgesOutToTheWordEdgesAndKeepsTheScore() {
        String text = "星河科技有限公司成立于2010年"; // 星河 科技 有限公司 成立 ...
        RepairRule.Result end = run(new BoundaryRule(), doc(text, span(text, 0, 3, 0.7)));
        assertThat(texts(end)).containsExactly("星河科技");
        assertThat(end.document().entities().get(0).score()).isEqualTo(0.7);
        assertThat(end.changes()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(RepairChange.Kind.CHANGED));

        RepairRule.Result start = run(new BoundaryRule(), doc(text, span(text, 1, 4, 1.0)));
        assertThat(texts(start)).containsExactly("星河科技");
    }

    @Test
    void boundaryNeverSwallowsAFollowingVerb() {
        String text = "腾讯投资了一家公司"; // 腾讯 投资/vn 了 ...
        RepairRule.Result r = run(new BoundaryRule(), doc(text, span(text, 0, 3, 1.0)));
        assertThat(texts(r)).containsExactly("腾讯投");
        assertThat(guards(r)).containsExactly("verb");
    }

    @Test
    void boundaryNeverTakesInABracketedStockCode() {
        String text = "贵州茅台（600519）发布公告。平安银行(000001.SZ)今日上涨"; // 600519 and 000001 are words of their own
        Document d = doc(text, span(text, 0, 8, 1.0), span(text, 16, 24, 1.0));
        RepairRule.Result r = run(new BoundaryRule(), d);
        assertThat(r.document()).isEqualTo(d);
        assertThat(guards(r)).containsExactly("stock-code", "stock-code");
    }

    @Test
    void boundaryNeverCrossesPunctuation() {
        String text = "星河营收3.5亿元"; // 3.5 is one word
        RepairRule.Result r = run(new BoundaryRule(), doc(text, span(text, 0, 5, 1.0)));
        assertThat(texts(r)).containsExactly("星河营收3");
        assertThat(guards(r)).containsExactly("punctuation");
    }

    @Test
    void boundaryNeverTakesInFunctionWordsNorGrowsAMentionThatEndsLikeACompany() {
        String text = "星河以后上市"; // 以后 is a direction/time word
        RepairRule.Result r = run(new BoundaryRule(), doc(text, span(text, 0, 3, 1.0)));
        assertThat(texts(r)).containsExactly("星河以");
        assertThat(guards(r)).containsExactly("function-word");

        String and = "花旗银行和美联银行在一份声明中表示"; // a dictionary word 和美 glues 和 onto the second name
        int at = and.indexOf("美联");
        RepairRule.Result a = run(new BoundaryRule(), doc(and, span(and, 0, 4, 1.0), span(and, at, at + 4, 1.0)));
        assertThat(texts(a)).containsExactly("花旗银行", "美联银行");

        String bank = "重庆银行前董事长张复说。"; // HanLP: 重庆 银 行前 董事长
        RepairRule.Result b = run(new BoundaryRule(), doc(bank, span(bank, 0, 4, 1.0)));
        assertThat(texts(b)).containsExactly("重庆银行");
        assertThat(guards(b)).containsExactly("name-end");
    }

    @Test
    void boundaryTakesAtMostMaxExtraCharacters() {
        String text = "中华人民共和国成立"; // one word of seven characters
        RepairRule.Result r = run(new BoundaryRule(), doc(text, span(text, 0, 2, 1.0)));
        assertThat(texts(r)).containsExactly("中华");
        assertThat(guards(r)).containsExactly("too-long");
        assertThat(BoundaryRule.MAX_EXTRA).isEqualTo(4);
    }

    @Test
    void boundaryNeverReachesIntoAnotherMention() {
        String text = "星河信用卡中心"; // 星河 信用卡 中心
        Document d = doc(text, span(text, 0, 3, 1.0), span(text, 3, 7, 1.0));
        RepairRule.Result r = run(new BoundaryRule(), d);
        assertThat(r.document()).isEqualTo(d);
        assertThat(guards(r)).containsExactly("mention", "mention");
    }

    @Test
    void boundaryOffsetsCountCodePointsWithAstralAndFullWidthText() {
        String text = "𠀀华为公司宣布，ＡＢＣ电子有限公司成立"; // 𠀀 is one code point, two UTF-16 units
        Document d = doc(text, span(text, 1, 4, 1.0));
        RepairRule.Result r = run(new BoundaryRule(), d);
        Entity e = r.document().entities().get(0);
        assertThat(e.start()).isEqualTo(1);
        assertThat(e.end()).isEqualTo(5);
        assertThat(e.text()).isEqualTo("华为公司").isEqualTo(CodePoints.substring(text, e.start(), e.end()));
    }

    // ---- suffix

    @Test
    void suffixTakesTheLongestSuffixNotTheFirstOrShortest() {
        SuffixRule rule = new SuffixRule(SUFFIXES);
        String vanke = "万科企业股份有限公司发布";
        assertThat(texts(run(rule, doc(vanke, span(vanke, 0, 4, 0.6))))).containsExactly("万科企业股份有限公司"); // not 万科企业股份
        String xinghe = "星河科技有限公司成立于2010年";
        RepairRule.Result r = run(rule, doc(xinghe, span(xinghe, 0, 4, 0.6)));
        assertThat(texts(r)).containsExactly("星河科技有限公司"); // not 星河科技有限
        assertThat(r.document().entities().get(0).score()).isEqualTo(0.6);
        // both candidates exist; the longer wins
        assertThat(rule.chainEnds(Texts.normalised(xinghe), 4)).contains(6, 8);
    }

    @Test
    void suffixChainsSuffixesWrittenBackToBack() {
        String text = "阿里巴巴集团股份有限公司宣布"; // 集团股份 + 有限公司, or 集团 + 股份有限公司
        assertThat(texts(run(new SuffixRule(SUFFIXES), doc(text, span(text, 0, 4, 1.0))))).containsExactly("阿里巴巴集团股份有限公司");
    }

    @Test
    void suffixTakesABracketedPartInsideTheName() {
        String text = "据悉，中国平安保险（集团）股份有限公司公布业绩。";
        RepairRule.Result r = run(new SuffixRule(SUFFIXES), doc(text, span(text, 3, 9, 1.0)));
        assertThat(texts(r)).containsExactly("中国平安保险（集团）股份有限公司");
        assertThat(r.document().entities().get(0).start()).isEqualTo(3);
    }

    @Test
    void suffixNeverTakesAStockCodeBracketOrABracketAlone() {
        String code = "贵州茅台（600519）有限公司";
        Document d = doc(code, span(code, 0, 4, 1.0));
        assertThat(run(new SuffixRule(SUFFIXES), d).document()).isEqualTo(d);
        String alone = "中国平安保险（集团）公布业绩";
        Document d2 = doc(alone, span(alone, 0, 6, 1.0));
        assertThat(run(new SuffixRule(SUFFIXES), d2).changes()).isEmpty();
    }

    @Test
    void suffixGuardsWordEdgeMentionAndRelationWords() {
        SuffixRule rule = new SuffixRule(SUFFIXES);
        String part = "万科公司部分业务"; // 公司 ends a word, 公司部 does not (部分)
        assertThat(texts(run(rule, doc(part, span(part, 0, 2, 1.0))))).containsExactly("万科公司");
        String deploy = "中博传媒部署亚洲战略"; // 部 of 部署
        RepairRule.Result r = run(rule, doc(deploy, span(deploy, 0, 4, 1.0)));
        assertThat(texts(r)).containsExactly("中博传媒");
        assertThat(guards(r)).containsExactly("word-edge");

        String two = "星河科技有限公司成立";
        Document d = doc(two, span(two, 0, 4, 1.0), span(two, 4, 8, 1.0));
        assertThat(guards(run(rule, d))).containsExactly("mention");

        String sub = "腾讯子公司微众银行";
        Document d3 = doc(sub, span(sub, 0, 2, 1.0));
        assertThat(run(rule, d3).document()).isEqualTo(d3);
    }

    @Test
    void suffixOffsetsCountCodePoints() {
        String text = "𠀀据悉，星河科技有限公司成立";
        RepairRule.Result r = run(new SuffixRule(SUFFIXES), doc(text, span(text, 4, 8, 1.0)));
        Entity e = r.document().entities().get(0);
        assertThat(e.text()).isEqualTo("星河科技有限公司").isEqualTo(CodePoints.substring(text, e.start(), e.end()));
        assertThat(e.end()).isEqualTo(12);
    }

    // ---- tagger

    @Test
    void taggerAddsHanlpCompaniesWithExactOffsetsNeverOneTooLong() {
        String text = "𠀀据悉，北京星河科技有限公司与上海东方钢铁集团签署协议。";
        RepairRule.Result r = run(new TaggerRule(new HanlpOrgSource()), doc(text));
        assertThat(r.document().entities()).isNotEmpty().allSatisfy(e -> {
            assertThat(CodePoints.substring(text, e.start(), e.end())).isEqualTo(e.text());
            assertThat(e.score()).isEqualTo(HanlpOrgSource.ENDING_CONFIDENCE).isLessThan(1.0);
        });
        assertThat(texts(r)).contains("上海东方钢铁集团").noneMatch(t -> t.endsWith("签") || t.endsWith("与"));
        Entity added = r.document().entities().stream().filter(e -> e.text().equals("上海东方钢铁集团")).findFirst().orElseThrow();
        assertThat(added.end()).isEqualTo(text.codePointCount(0, text.indexOf("签署")));
    }

    @Test
    void taggerAddsOnlyWhereEveryCharacterIsO() {
        String text = "北京星河科技有限公司与上海东方钢铁集团签署协议。";
        int at = text.indexOf("东方");
        Document overlap = doc(text, span(text, at, at + 4, 1.0));
        RepairRule.Result r = run(new TaggerRule(new HanlpOrgSource()), overlap);
        assertThat(texts(r)).containsExactly("东方钢铁");
        assertThat(guards(r)).contains("mention");

        Document unknown = new Document(text, List.of(), List.of(new Range(at, at + 1)), null);
        RepairRule.Result u = run(new TaggerRule(new HanlpOrgSource()), unknown);
        assertThat(texts(u)).doesNotContain("上海东方钢铁集团");
        assertThat(guards(u)).contains("unknown");
    }

    @Test
    void taggerRefusesTermsCutAtABracketOrMadeOfEndingsOnly() {
        String text = "据悉，中国平安保险（集团）股份有限公司公布业绩。"; // HanLP: 平安保险(集团/nt )/w 股份有限公司/nt
        RepairRule.Result r = run(new TaggerRule(new HanlpOrgSource()), doc(text));
        assertThat(r.document().entities()).isEmpty();
        assertThat(guards(r)).containsExactlyInAnyOrder("punctuation", "generic");
    }

    @Test
    void taggerRefusesTermsThatStartWithAFunctionWord() {
        String text = "同时，有部分银行采取了长期考核目标。";
        RepairRule.Result r = run(new TaggerRule(new HanlpOrgSource()), doc(text));
        assertThat(texts(r)).noneMatch(t -> t.startsWith("有"));
    }

    // ---- gazetteer

    @Test
    void gazetteerBackFillsListedNamesOnlyWhereTheLabelsAreO() {
        GazetteerRule rule = new GazetteerRule(new GazetteerSource("gazetteer-trusted", List.of("星河科技", "东方钢铁集团", "𠀀云帆"),
                GazetteerSource.TRUSTED_CONFIDENCE));
        String text = "𠀀云帆、星河科技与东方钢铁集团合作";
        Document d = new Document(text, List.of(span(text, 9, 13, 1.0)), List.of(new Range(0, 1)), null);
        RepairRule.Result r = run(rule, d);
        assertThat(texts(r)).containsExactly("星河科技", "东方钢铁");
        Entity added = r.document().entities().get(0);
        assertThat(added.start()).isEqualTo(4);
        assertThat(added.score()).isEqualTo(0.9);
        assertThat(guards(r)).containsExactly("unknown", "mention");
        assertThat(r.document().unknown()).containsExactly(new Range(0, 1));
    }
}
