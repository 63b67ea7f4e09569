package org.companyner.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    @Test
    void mapsSingleCodePoints() {
        assertThat(Normalizer.normalize('Ａ')).isEqualTo('a');
        assertThat(Normalizer.normalize('１')).isEqualTo('1');
        assertThat(Normalizer.normalize('！')).isEqualTo('!');
        assertThat(Normalizer.normalize('～')).isEqualTo('~');
        assertThat(Normalizer.normalize('\u3000')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\r')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\n')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\t')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\u00a0')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\u0007')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\u200d')).isEqualTo(' ');
        assertThat(Normalizer.normalize('\ufeff')).isEqualTo(' ');
        assertThat(Normalizer.normalize('X')).isEqualTo('x');
        assertThat(Normalizer.normalize('É')).isEqualTo('é');
        assertThat(Normalizer.normalize('中')).isEqualTo('中');
        assertThat(Normalizer.normalize('。')).isEqualTo('。');
        assertThat(Normalizer.normalize("😀".codePointAt(0))).isEqualTo("😀".codePointAt(0));
    }

    @Test
    void normalisesArrays() {
        int[] in = CodePoints.of("ＡＢＣ１２３\r\n华为😀Ltd");
        assertThat(new String(Normalizer.normalize(in), 0, in.length)).isEqualTo("abc123  华为😀ltd");
    }

    @Property(tries = 200)
    void keepsLengthAndIsIdempotent(@ForAll("texts") String text) {
        int[] cps = CodePoints.of(text);
        int[] once = Normalizer.normalize(cps);
        assertThat(once).hasSameSizeAs(cps);
        assertThat(Normalizer.normalize(once)).isEqualTo(once);
        for (int c : once) {
            assertThat(Character.isWhitespace(c) && c != ' ').isFalse();
            assertThat(c < 0xFF01 || c > 0xFF5E).isTrue();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return TextGen.texts();
    }
}
