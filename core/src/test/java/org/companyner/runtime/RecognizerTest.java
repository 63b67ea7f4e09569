package org.companyner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.TextGen;
import org.companyner.text.Windower;
import org.companyner.vocab.BigramVocab;
import org.junit.jupiter.api.Test;

/**
 * {@link Recognizer} with the {@link KeywordEmitter} test double (not a model): the expected
 * mentions of any article are exactly its maximal runs of company characters, whatever the
 * windowing and batching, so offsets, stitching and ordering can be checked exactly.
 */
class RecognizerTest {
    private static final String[] COMPANIES = {"华星科技股份有限公司", "蓝海集团", "星海银行", "华海科技集团有限公司", "ＡＢＣ科技有限公司", "Abc银行"};

    private static Recognizer recognizer(KeywordEmitter emitter, int batchTokens) {
        Featurizer featurizer = new Featurizer(KeywordEmitter.vocab(), BigramVocab.build(Map.of(), 1));
        return new Recognizer(emitter, featurizer, batchTokens);
    }

    /** The oracle: maximal runs of company characters, as code point spans. */
    static List<int[]> runs(String text) {
        int[] cps = CodePoints.of(text);
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= cps.length; i++) {
            boolean in = i < cps.length && KeywordEmitter.isCompanyChar(cps[i]);
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                out.add(new int[] {start, i});
                start = -1;
            }
        }
        return out;
    }

    private static void assertExact(String article, List<Entity> found) {
        List<int[]> expected = runs(article);
        assertThat(found).extracting(e -> e.start() + "-" + e.end())
                .containsExactlyElementsOf(expected.stream().map(s -> s[0] + "-" + s[1]).toList());
        for (Entity e : found) {
            assertThat(e.text()).isEqualTo(CodePoints.substring(article, e.start(), e.end()));
            assertThat(e.type()).isEqualTo(Entity.COMPANY);
            assertThat(e.score()).isBetween(0.0, 1.0);
        }
    }

    @Provide
    Arbitrary<List<String>> articles() {
        // TextGen mixes CJK, ASCII, emoji, CRLF/CR/LF, full-width forms, U+3000, ZWJ and 20,000-char texts;
        // sprinkle invented company names in so that most articles have mentions.
        Arbitrary<String> withNames = TextGen.texts().flatMap(text -> Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder sb = new StringBuilder(text);
            int inserts = r.nextInt(4);
            for (int k = 0; k < inserts; k++) {
                int cpLen = CodePoints.length(sb.toString());
                int at = sb.offsetByCodePoints(0, r.nextInt(cpLen + 1));
                sb.insert(at, COMPANIES[r.nextInt(COMPANIES.length)]);
            }
            return sb.toString();
        }));
        return withNames.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 50)
    void entitiesAreExactSubstringsOfEveryArticleInInputOrder(@ForAll("articles") List<String> articles) {
        KeywordEmitter emitter = new KeywordEmitter(32);
        List<List<Entity>> found = recognizer(emitter, 256).recognize(articles);
        assertThat(found).hasSize(articles.size());
        for (int a = 0; a < articles.size(); a++) {
            assertExact(articles.get(a), found.get(a));
        }
        assertThat(emitter.windowLengths).allMatch(len -> len >= 1 && len <= 32);
    }

    @Test
    void keepsOriginalCharactersAndCodePointOffsetsWithEmojiCrlfAndFullWidth() {
        String text = "😀华星科技股份有限公司\r\n与ＡＢＣ集团及🏢蓝海集团、Abc银行签约。";
        List<Entity> found = recognizer(new KeywordEmitter(64), 4096).recognize(List.of(text)).get(0);
        assertThat(found).extracting(Entity::start, Entity::end, Entity::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 11, "华星科技股份有限公司"),
                org.assertj.core.groups.Tuple.tuple(14, 19, "ＡＢＣ集团"),
                org.assertj.core.groups.Tuple.tuple(21, 25, "蓝海集团"),
                org.assertj.core.groups.Tuple.tuple(26, 31, "Abc银行"));
    }

    @Test
    void everyArticleGetsAResultInInputOrder() {
        List<String> articles = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            // lengths vary a lot so that sorting by window length reorders the work
            String filler = "今日市场平稳，" .repeat(r.nextInt(12));
            articles.add(i % 7 == 0 ? "" : filler + COMPANIES[i % COMPANIES.length] + "第" + i + "号年报");
        }
        KeywordEmitter emitter = new KeywordEmitter(32);
        List<List<Entity>> found = recognizer(emitter, 100).recognize(articles);
        assertThat(found).hasSize(articles.size());
        for (int i = 0; i < articles.size(); i++) {
            if (i % 7 == 0) {
                assertThat(found.get(i)).as("article %d", i).isEmpty();
            } else {
                assertThat(found.get(i)).as("article %d", i).extracting(Entity::text)
                        .contains(COMPANIES[i % COMPANIES.length]);
                assertExact(articles.get(i), found.get(i));
            }
        }
        assertThat(emitter.calls).as("small batches: many emitter calls").isGreaterThan(1);
    }

    @Test
    void mentionCrossingAWindowBoundaryInALongUnpunctuatedSentenceIsFoundWhole() {
        int maxLen = 32;
        String name = "华星科技集团股份有限公司"; // 12 characters
        int nameLen = CodePoints.length(name);
        String filler = "今日市场交易平稳投资者关注政策动向";
        for (int at = 0; at + nameLen <= 200; at++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < at) {
                sb.append(filler.charAt(sb.length() % filler.length()));
            }
            sb.append(name);
            while (sb.length() < 200) {
                sb.append(filler.charAt(sb.length() % filler.length()));
            }
            String text = sb.toString();
            assertThat(Windower.sentenceEnds(CodePoints.of(text))).as("one sentence").hasSize(1);
            List<Entity> found = recognizer(new KeywordEmitter(maxLen), 4096).recognize(List.of(text)).get(0);
            assertThat(found).as("name at %d", at).extracting(Entity::start, Entity::end, Entity::text)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(at, at + nameLen, name));
        }
    }

    @Test
    void emptyArticleGivesEmptyList() {
        Recognizer rec = recognizer(new KeywordEmitter(32), 4096);
        assertThat(rec.recognize(List.of(""))).containsExactly(List.of());
        assertThat(rec.recognize(List.of())).isEmpty();
        assertThat(rec.recognize(List.of("", "蓝海集团", ""))).extracting(List::size).containsExactly(0, 1, 0);
    }
}
