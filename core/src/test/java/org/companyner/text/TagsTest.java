package org.companyner.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TagsTest {
    @Test
    void encodesBio() {
        String s = "我在华为公司和腾讯";
        int[] tags = Tags.encode(9, List.of(Entity.of(s, 2, 6, Entity.COMPANY, 1), Entity.of(s, 7, 9, Entity.COMPANY, 1)));
        assertThat(tags).containsExactly(0, 0, 1, 2, 2, 2, 0, 1, 2);
    }

    @Test
    void marksUnknownRangesButMentionsInsideThemStayKnown() {
        String s = "我在华为公司和腾讯";
        List<Entity> entities = List.of(Entity.of(s, 2, 4, Entity.COMPANY, 0.6), Entity.of(s, 7, 9, Entity.COMPANY, 1));
        int u = Tags.UNKNOWN;
        assertThat(Tags.encode(9, entities, List.of(new Range(1, 6), new Range(8, 9))))
                .containsExactly(0, u, 1, 2, u, u, 0, 1, 2);
        assertThat(Tags.encode(9, entities, List.of())).containsExactly(Tags.encode(9, entities));
        assertThat(Tags.encode(3, List.of(), List.of(new Range(0, 3)))).containsExactly(u, u, u);
        assertThatThrownBy(() -> Tags.encode(3, List.of(), List.of(new Range(2, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond length 3");
        assertThatThrownBy(() -> Tags.spans(new int[] {u})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesLeniently() {
        assertThat(Tags.spans(new int[] {2, 2, 0, 1, 1, 2, 0, 2}))
                .containsExactly(new int[] {0, 2}, new int[] {3, 4}, new int[] {4, 6}, new int[] {7, 8});
        assertThat(Tags.spans(new int[0])).isEmpty();
        assertThat(Tags.spans(new int[] {0, 0})).isEmpty();
        assertThatThrownBy(() -> Tags.spans(new int[] {3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadEntities() {
        String s = "abcdef";
        assertThatThrownBy(() -> Tags.encode(3, List.of(Entity.of(s, 2, 4, Entity.COMPANY, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tags.encode(6, List.of(Entity.of(s, 0, 3, Entity.COMPANY, 1),
                Entity.of(s, 2, 4, Entity.COMPANY, 1)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void roundTrips(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int length) {
        Random random = new Random(seed);
        String text = TextGen.text(random, length, false);
        List<Entity> entities = new ArrayList<>();
        int pos = 0;
        while (pos < length) {
            pos += random.nextInt(4);
            int len = 1 + random.nextInt(8);
            if (pos + len > length) {
                break;
            }
            entities.add(Entity.of(text, pos, pos + len, Entity.COMPANY, 1));
            pos += len;
        }
        int[] tags = Tags.encode(length, entities);
        assertThat(tags).hasSize(length);
        List<int[]> spans = Tags.spans(tags);
        assertThat(spans).hasSameSizeAs(entities);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(spans.get(i)).containsExactly(entities.get(i).start(), entities.get(i).end());
        }
    }
}
