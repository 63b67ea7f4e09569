package org.companyner.label.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.companyner.label.outline.OutlineOptions.Untouched;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.junit.jupiter.api.Test;

/** The aggregation rules on invented votes (texts and names invented). */
class VoteAggregatorTest {
    private static final double ACCEPT = 0.75;
    private static final double MARGIN = 0.15;

    private static Entity span(String text, int start, int end, double score) {
        return Entity.of(text, start, end, Entity.COMPANY, score);
    }

    private static Document aggregate(String text, Untouched policy, List<List<Entity>> votes) {
        return VoteAggregator.aggregate(text, votes, ACCEPT, MARGIN, policy).document();
    }

    @Test
    void sourcesAgreeingOnOneSpanCombineByNoisyOrAndReachTheThreshold() {
        String t = "星河科技发布新品";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 0, 4, 0.6)), List.of(span(t, 0, 4, 0.5)), List.of()));
        assertThat(d.entities()).hasSize(1);
        assertThat(d.entities().get(0).text()).isEqualTo("星河科技");
        assertThat(d.entities().get(0).score()).isCloseTo(0.8, within(1e-12));
        assertThat(d.unknown()).isEmpty();
    }

    @Test
    void oneWeakVoteBelowTheThresholdMakesItsCharactersUnknownNotO() {
        String t = "他在星河科技上班";
        Document d = aggregate(t, Untouched.O, List.of(List.of(span(t, 2, 6, 0.6))));
        assertThat(d.entities()).isEmpty();
        assertThat(d.unknown()).containsExactly(new Range(2, 6));
    }

    @Test
    void aVoteExactlyAtTheThresholdIsAMention() {
        String t = "星河科技发布新品";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 0, 4, ACCEPT))));
        assertThat(d.entities()).extracting(Entity::text).containsExactly("星河科技");
    }

    @Test
    void overlappingSpansOfCloseConfidenceAreBothUnknown() {
        String t = "东方星河科技发布新品";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 0, 6, 0.9)), List.of(span(t, 2, 6, 0.85))));
        assertThat(d.entities()).isEmpty();
        assertThat(d.unknown()).containsExactly(new Range(0, 10)); // conflict: the rest of the sentence is unknown too
    }

    @Test
    void aClearWinnerIsKeptAndTheRivalsExtraCharactersAreUnknown() {
        String t = "东方星河科技发布新品";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 2, 6, 0.9)), List.of(span(t, 0, 6, 0.7))));
        assertThat(d.entities()).extracting(Entity::text).containsExactly("星河科技");
        assertThat(d.unknown()).containsExactly(new Range(0, 2));
    }

    @Test
    void aSourceVotingTwiceForOneSpanCountsOnce() {
        String t = "星河科技发布新品";
        var result = VoteAggregator.aggregate(t, List.of(List.of(span(t, 0, 4, 0.6), span(t, 0, 4, 0.6))), ACCEPT, MARGIN, Untouched.CUE);
        assertThat(result.document().entities()).isEmpty();
        assertThat(result.candidates()).singleElement().satisfies(c -> {
            assertThat(c.confidence()).isCloseTo(0.6, within(1e-12));
            assertThat(c.sources()).containsExactly(0);
        });
    }

    @Test
    void untouchedCharactersAreOWhenTheSentenceHasAMentionAndNoUnexplainedCue() {
        String t = "星河科技与东方钢铁合作";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 0, 4, 0.9))));
        assertThat(d.entities()).hasSize(1);
        assertThat(d.unknown()).isEmpty();
    }

    @Test
    void aCompanyCueNoSpanExplainsMakesUntouchedCharactersUnknown() {
        String t = "星河科技与东方钢铁公司合作";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 0, 4, 0.9))));
        assertThat(d.entities()).hasSize(1);
        assertThat(d.unknown()).containsExactly(new Range(4, 13));
    }

    @Test
    void anaphoricCuesDoNotCount() {
        String t = "据悉本公司今年营收增长";
        assertThat(aggregate(t, Untouched.CUE, List.of(List.of())).unknown()).isEmpty();
    }

    @Test
    void aSentenceWithOnlyRejectedVotesIsWhollyUnknownUnderCueButNotUnderO() {
        String t = "苹果发布了新手机";
        List<List<Entity>> votes = List.of(List.of(span(t, 0, 2, 0.2)));
        assertThat(aggregate(t, Untouched.CUE, votes).unknown()).containsExactly(new Range(0, 8));
        assertThat(aggregate(t, Untouched.O, votes).unknown()).containsExactly(new Range(0, 2));
    }

    @Test
    void aSentenceNoSourceTouchesIsAllOUnderCueAndAllUnknownUnderUnknown() {
        String t = "今天天气很好";
        assertThat(aggregate(t, Untouched.CUE, List.of(List.of(), List.of())).unknown()).isEmpty();
        assertThat(aggregate(t, Untouched.UNKNOWN, List.of(List.of())).unknown()).containsExactly(new Range(0, 6));
    }

    @Test
    void offsetsCountCodePointsWithAstralCharacters() {
        String t = "𠀀𠀁星河科技发布";
        Document d = aggregate(t, Untouched.CUE, List.of(List.of(span(t, 2, 6, 0.9)), List.of(span(t, 0, 1, 0.2))));
        assertThat(d.entities()).extracting(Entity::text).containsExactly("星河科技");
        assertThat(d.unknown()).containsExactly(new Range(0, 1));
    }

    @Test
    void aSpanOutsideTheTextIsRefused() {
        assertThatThrownBy(() -> VoteAggregator.aggregate("星河", List.of(List.of(new Entity(0, 3, "星河科", Entity.COMPANY, 0.9))),
                ACCEPT, MARGIN, Untouched.CUE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
}
