package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.companyner.UserError;
import org.junit.jupiter.api.Test;

class LabelMapTest {
    @Test
    void matchesListedLabelsIgnoringCase() {
        LabelMap labels = LabelMap.parse("company, ORG");
        assertThat(labels.isCompany("Company")).isTrue();
        assertThat(labels.isCompany("org")).isTrue();
        assertThat(labels.isCompany("PER")).isFalse();
        assertThat(labels.isCompany(null)).isFalse();
    }

    @Test
    void rejectsBlankSpecs() {
        assertThatThrownBy(() -> LabelMap.parse(" ")).isInstanceOf(UserError.class).hasMessageContaining("empty label mapping");
        assertThatThrownBy(() -> LabelMap.parse(null)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> LabelMap.parse("company,,ORG")).isInstanceOf(UserError.class).hasMessageContaining("empty label name");
    }

    @Test
    void formatNamesAreCaseInsensitive() {
        assertThat(Format.parse("CluENER")).isEqualTo(Format.CLUENER);
        assertThat(Format.parse("bmes")).isEqualTo(Format.BMES);
        assertThatThrownBy(() -> Format.parse("conll")).isInstanceOf(UserError.class)
                .hasMessage("unknown format 'conll' (known: cluener, cfsc, bio, bioes, bmes, yedda, jsonl)");
    }
}
