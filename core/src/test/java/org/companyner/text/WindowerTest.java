package org.companyner.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WindowerTest {
    @Test
    void validatesArguments() {
        assertThatThrownBy(() -> new Windower(7, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Windower(8, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Windower(8, -1)).isInstanceOf(IllegalArgumentException.class);
        new Windower(8, 3);
    }

    @Test
    void splitsSentences() {
        assertThat(Windower.sentenceEnds(CodePoints.of(""))).isEmpty();
        assertThat(Windower.sentenceEnds(CodePoints.of("abc"))).containsExactly(3);
        assertThat(Windower.sentenceEnds(CodePoints.of("a\r\nb\rc\nd"))).containsExactly(3, 5, 7, 8);
        assertThat(Windower.sentenceEnds(CodePoints.of("他说：“好！”\u3000 然后。。走?!) x"))).containsExactly(9, 13, 18, 19);
        assertThat(Windower.sentenceEnds(CodePoints.of("😀。🏢；"))).containsExactly(2, 4);
        assertThat(Windower.sentenceEnds(CodePoints.of("\n\n\na"))).containsExactly(3, 4);
    }

    @Test
    void packsWholeSentences() {
        // sentences of length 4, 4, 6, 3
        int[] text = CodePoints.of("一二三。四五六。七八九十一！好吗？");
        assertThat(new Windower(8, 2).windows(text)).containsExactly(
                new Window(0, 8, 0, 8), new Window(8, 14, 8, 14), new Window(14, 17, 14, 17));
        assertThat(new Windower(10, 2).windows(text)).containsExactly(
                new Window(0, 8, 0, 8), new Window(8, 17, 8, 17));
        assertThat(new Windower(8, 2).windows(new int[0])).isEmpty();
    }

    @Test
    void cutsLongSentencesWithCentredOwnership() {
        int[] text = CodePoints.of("一".repeat(20));
        assertThat(new Windower(8, 2).windows(text)).containsExactly(
                new Window(0, 8, 0, 7), new Window(6, 14, 7, 13), new Window(12, 20, 13, 20));
        assertThat(new Windower(8, 0).windows(CodePoints.of("一".repeat(17)))).containsExactly(
                new Window(0, 8, 0, 8), new Window(8, 16, 8, 12), new Window(9, 17, 12, 17));
        assertThat(new Windower(8, 2).windows(CodePoints.of("短。" + "一".repeat(9) + "。"))).containsExactly(
                new Window(0, 2, 0, 2), new Window(2, 10, 2, 7), new Window(4, 12, 7, 12));
    }

    @Property(tries = 200)
    void ownRangesPartitionTheArticle(@ForAll("texts") String text,
                                      @ForAll @IntRange(min = 8, max = 160) int maxLen,
                                      @ForAll @IntRange(min = 0, max = 1000) int overlapSeed) {
        check(CodePoints.of(text), maxLen, overlapSeed % ((maxLen - 1) / 2 + 1));
    }

    @Property(tries = 30)
    void longArticlesWithoutTerminators(@ForAll long seed, @ForAll @IntRange(min = 8, max = 300) int maxLen,
                                        @ForAll @IntRange(min = 0, max = 1000) int overlapSeed) {
        int[] cps = CodePoints.of(TextGen.text(new Random(seed), 20_000, true));
        assertThat(Windower.sentenceEnds(cps)).containsExactly(20_000);
        check(cps, maxLen, overlapSeed % ((maxLen - 1) / 2 + 1));
    }

    private static void check(int[] cps, int maxLen, int overlap) {
        List<Window> windows = new Windower(maxLen, overlap).windows(cps);
        int[] ends = Windower.sentenceEnds(cps);
        if (cps.length == 0) {
            assertThat(windows).isEmpty();
            assertThat(ends).isEmpty();
            return;
        }
        assertThat(ends[ends.length - 1]).isEqualTo(cps.length);
        for (int i = 1; i < ends.length; i++) {
            assertThat(ends[i]).isGreaterThan(ends[i - 1]);
        }
        int pos = 0;
        for (int k = 0; k < windows.size(); k++) {
            Window w = windows.get(k);
            assertThat(w.ownStart()).isEqualTo(pos);
            assertThat(w.ownEnd()).isGreaterThan(w.ownStart());
            assertThat(w.length()).isBetween(1, maxLen);
            assertThat(w.end()).isLessThanOrEqualTo(cps.length);
            pos = w.ownEnd();
            boolean packed = (w.start() == 0 || Arrays.binarySearch(ends, w.start()) >= 0)
                    && Arrays.binarySearch(ends, w.end()) >= 0;
            if (packed) {
                // whole sentences, owning all it reads; greedy: the next sentence did not fit
                assertThat(w.ownStart()).isEqualTo(w.start());
                assertThat(w.ownEnd()).isEqualTo(w.end());
                int next = Arrays.binarySearch(ends, w.end()) + 1;
                if (next < ends.length) {
                    assertThat(ends[next] - w.start()).isGreaterThan(maxLen);
                }
            } else {
                // a piece of one over-long sentence, cut at full length
                assertThat(w.length()).isEqualTo(maxLen);
                int found = Arrays.binarySearch(ends, w.start());
                int s = found >= 0 ? found + 1 : -found - 1; // the sentence holding w.start()
                int sentenceStart = s == 0 ? 0 : ends[s - 1];
                assertThat(ends[s] - sentenceStart).isGreaterThan(maxLen);
                assertThat(w.end()).isLessThanOrEqualTo(ends[s]);
                if (k > 0 && windows.get(k - 1).end() > w.start()) {
                    assertThat(windows.get(k - 1).end() - w.start()).isGreaterThanOrEqualTo(overlap);
                }
            }
        }
        assertThat(pos).isEqualTo(cps.length);
    }

    @Provide
    Arbitrary<String> texts() {
        return TextGen.texts();
    }
}
