package org.companyner.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

class BrandSourceTest {
    private final BrandSource source = new BrandSource(List.of("苹果", "华为", "两个", "一斤", "梨"));

    @Test
    void neverFiresOnFruitWithoutACompanyCue() {
        assertThat(source.label(List.of("我今天买了一斤苹果和两个梨。")).get(0)).isEmpty();
    }

    @Test
    void firesWeaklyNextToACompanyCue() {
        List<Entity> found = source.label(List.of("昨日华为发布新机，科技巨头苹果股价下跌。")).get(0);
        assertThat(found).extracting(Entity::text).containsExactly("华为", "苹果");
        assertThat(found).extracting(Entity::start).containsExactly(2, 13);
        assertThat(found).allSatisfy(e -> assertThat(e.score()).isEqualTo(BrandSource.CONFIDENCE).isLessThan(0.5));
    }

    @Test
    void ignoresSingleCharacterBrands() {
        assertThat(source.label(List.of("梨公司")).get(0)).isEmpty();
    }
}
