package org.companyner.label.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.companyner.io.DataReader;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.label.LabellingSource;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.junit.jupiter.api.Test;

/** The whole outline on an invented corpus with invented sources. */
class OutlineTest {
    private static final List<String> CORPUS = List.of("星河科技发布新品。东方钢铁宣布合作！", "今天天气很好，适合出游。", "",
            "𠀀星河科技股价大涨。星河科技发布新品。", "东方钢铁公司宣布合作！东方钢铁公司发布公告。", "");

    /** Proposes every occurrence of its names with one confidence. */
    record ListSource(String name, List<String> names, double confidence) implements LabellingSource {
        @Override
        public List<List<Entity>> label(List<String> texts) {
            List<List<Entity>> out = new ArrayList<>();
            for (String t : texts) {
                List<Entity> found = new ArrayList<>();
                for (String n : names) {
                    int at = t.indexOf(n);
                    if (at >= 0) {
                        int s = t.codePointCount(0, at);
                        found.add(Entity.of(t, s, s + CodePoints.length(n), Entity.COMPANY, confidence));
                    }
                }
                found.sort(java.util.Comparator.comparingInt(Entity::start));
                out.add(found);
            }
            return out;
        }
    }

    private static final List<LabellingSource> SOURCES = List.of(new ListSource("list", List.of("星河科技"), 0.9),
            new ListSource("rule", List.of("星河科技", "东方钢铁"), 0.5));

    private static String jsonl(OutlineOptions options, List<Document> docs, OutlineSummary[] summary) {
        summary[0] = Outline.build("corpus", CORPUS, SOURCES, options, docs::add, Progress.NONE);
        StringWriter w = new StringWriter();
        DataWriter.write(docs, Format.JSONL, "company", w);
        return w.toString();
    }

    @Test
    void writesMentionsAndASummaryAndLeavesOutWhollyUnknownSentences() {
        List<Document> docs = new ArrayList<>();
        OutlineSummary[] s = new OutlineSummary[1];
        jsonl(OutlineOptions.defaults(), docs, s);
        // 东方钢铁 has only the rule's 0.5 vote (below 0.75): under CUE those sentences are wholly unknown, not written
        assertThat(docs).extracting(Document::text).containsExactly("星河科技发布新品。", "今天天气很好，适合出游。", "𠀀星河科技股价大涨。");
        assertThat(docs.get(0).entities()).singleElement().satisfies(e -> assertThat(e.score()).isCloseTo(0.95, within(1e-12)));
        assertThat(docs.get(2).entities()).extracting(Entity::start, Entity::end).containsExactly(tuple(1, 5));
        assertThat(docs).allMatch(d -> d.unknown().isEmpty());
        OutlineSummary summary = s[0];
        assertThat(summary.split().documents()).isEqualTo(2);
        assertThat(summary.split().duplicates()).isEqualTo(1);
        assertThat(summary.labelled()).isEqualTo(6);
        assertThat(summary.written()).isEqualTo(3);
        assertThat(summary.allUnknown()).isEqualTo(3);
        assertThat(summary.mentions()).isEqualTo(2);
        assertThat(summary.withMention()).isEqualTo(2);
        assertThat(summary.allO()).isEqualTo(1);
        assertThat(summary.perSource().get("list").spans()).isEqualTo(2);
        assertThat(summary.perSource().get("rule").spans()).isEqualTo(5);
        assertThat(summary.perSource().get("rule").accepted()).isEqualTo(2);
        assertThat(summary.agreement().get("list").get("rule")).isEqualTo(1.0);
        assertThat(summary.agreement().get("rule").get("list")).isCloseTo(2.0 / 5, within(1e-12));
        assertThat(summary.table()).contains("list").contains("rule").contains("wholly unknown (not written) 3");
    }

    @Test
    void underTheNaivePolicyOnlyTheRejectedVoteIsUnknown() {
        List<Document> docs = new ArrayList<>();
        OutlineOptions naive = new OutlineOptions(5, 128, 0.75, 0.15, OutlineOptions.Untouched.O, 1024, 0);
        OutlineSummary[] s = new OutlineSummary[1];
        jsonl(naive, docs, s);
        assertThat(docs).hasSize(6);
        assertThat(docs.get(1).text()).isEqualTo("东方钢铁宣布合作！");
        assertThat(docs.get(1).unknown()).containsExactly(new Range(0, 4));
        assertThat(s[0].unknownCharacters()).isEqualTo(12);
    }

    @Test
    void theSameInputAndOptionsGiveTheSameBytes() {
        OutlineSummary[] s = new OutlineSummary[1];
        String a = jsonl(OutlineOptions.defaults(), new ArrayList<>(), s);
        String b = jsonl(OutlineOptions.defaults(), new ArrayList<>(), s);
        assertThat(a).isEqualTo(b).isNotEmpty();
        OutlineOptions oneByOne = new OutlineOptions(5, 128, 0.75, 0.15, OutlineOptions.Untouched.CUE, 1, 0);
        assertThat(jsonl(oneByOne, new ArrayList<>(), s)).isEqualTo(a);
    }

    @Test
    void limitLabelsOnlyTheFirstSentences() {
        List<Document> docs = new ArrayList<>();
        OutlineSummary[] s = new OutlineSummary[1];
        jsonl(OutlineOptions.defaults().withLimit(2), docs, s);
        assertThat(docs).extracting(Document::text).containsExactly("星河科技发布新品。");
        assertThat(s[0].labelled()).isEqualTo(2);
        assertThat(s[0].allUnknown()).isEqualTo(1);
    }

    @Test
    void theJsonlReadsBackAsTheSameDocuments() {
        List<Document> docs = new ArrayList<>();
        String text = jsonl(OutlineOptions.defaults(), docs, new OutlineSummary[1]);
        List<Document> back = DataReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "outline.jsonl",
                Format.JSONL, LabelMap.parse("COMPANY"));
        assertThat(back).isEqualTo(docs);
    }
}
