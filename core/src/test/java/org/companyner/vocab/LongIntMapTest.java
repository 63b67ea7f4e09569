package org.companyner.vocab;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LongIntMapTest {
    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll List<Long> keys, @ForAll List<@IntRange(min = 0, max = 1000) Integer> values,
                             @ForAll List<Long> probes) {
        LongIntMap map = new LongIntMap(1);
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            int v = values.isEmpty() ? i : values.get(i % values.size());
            map.put(keys.get(i), v);
            expected.put(keys.get(i), v);
        }
        assertThat(map.size()).isEqualTo(expected.size());
        for (long k : keys) {
            assertThat(map.get(k, -7)).isEqualTo(expected.get(k));
        }
        for (long p : probes) {
            assertThat(map.get(p, -7)).isEqualTo(expected.getOrDefault(p, -7));
        }
        assertThat(java.util.Arrays.stream(map.keys()).boxed().toList()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
}
