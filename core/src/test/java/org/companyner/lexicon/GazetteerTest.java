package org.companyner.lexicon;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GazetteerTest {

    @Property(tries = 200)
    void featuresEqualBruteForceMarkingOfEveryMatch(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 3) Integer> text,
                                                    @ForAll @Size(min = 1, max = 6) List<@Size(min = 2, max = 4) List<@IntRange(min = 0, max = 3) Integer>> patterns) {
        int[] t = text.stream().mapToInt(i -> 'a' + i).toArray();
        List<int[]> ps = patterns.stream().map(p -> p.stream().mapToInt(i -> 'a' + i).toArray()).toList();
        int[] expected = new int[t.length];
        for (int[] p : ps) {
            for (int s = 0; s + p.length <= t.length; s++) {
                boolean ok = true;
                for (int k = 0; k < p.length && ok; k++) {
                    ok = t[s + k] == p[k];
                }
                if (ok) {
                    expected[s] |= Gazetteer.BEGIN;
                    for (int k = s + 1; k < s + p.length - 1; k++) {
                        expected[k] |= Gazetteer.MIDDLE;
                    }
                    expected[s + p.length - 1] |= Gazetteer.END;
                }
            }
        }
        List<String> names = ps.stream().map(p -> new String(p, 0, p.length)).toList();
        Gazetteer g = new Gazetteer(names, List.of());
        assertThat(g.features(t)).containsExactly(expected);
        // the same from the saved file (v3: entries + prefixes) and from a v2 file (entries only, full scan)
        try {
            Path dir = Files.createTempDirectory("lexicon");
            g.save(dir.resolve("v3.txt"));
            assertThat(Gazetteer.load(dir.resolve("v3.txt")).features(t)).containsExactly(expected);
            StringBuilder v2 = new StringBuilder("# company-ner lexicon v2: FNV-1a 64 hashes of normalised names\n# names\n");
            v2.append("max_length ").append(ps.stream().mapToInt(a -> a.length).max().orElse(0)).append('\n');
            ps.stream().mapToLong(a -> Gazetteer.hash(a, 0, a.length)).distinct()
                    .forEach(h -> v2.append(Long.toHexString(h)).append('\n'));
            v2.append("# suffixes\nmax_length 0\n");
            Files.writeString(dir.resolve("v2.txt"), v2);
            assertThat(Gazetteer.load(dir.resolve("v2.txt")).features(t)).containsExactly(expected);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void marksBeginMiddleEndOfEveryMatchIncludingOverlaps() {
        Gazetteer g = new Gazetteer(List.of("华星科技", "华星科技股份有限公司"), List.of("股份有限公司", "公司"));
        int[] text = Normalizer.normalize(CodePoints.of("由华星科技股份有限公司发布"));
        int[] f = g.features(text);
        assertThat(f[0]).isZero();
        assertThat(f[1] & 0xF).isEqualTo(Gazetteer.BEGIN);
        assertThat(f[4] & 0xF).isEqualTo(Gazetteer.END | Gazetteer.MIDDLE); // 技 ends 华星科技, inside the full name
        assertThat(f[10] & 0xF).isEqualTo(Gazetteer.END);
        assertThat(f[5] >> 4).isEqualTo(Gazetteer.BEGIN);                   // 股 begins suffix 股份有限公司
        assertThat(f[9] >> 4).isEqualTo(Gazetteer.BEGIN | Gazetteer.MIDDLE); // 公 begins 公司, inside 股份有限公司
        assertThat(f[11]).isZero();
    }

    @Test
    void matchesFullWidthAndSpacedNamesWithoutMovingOffsets() {
        Gazetteer g = new Gazetteer(List.of("万  科Ａ"), List.of());
        assertThat(g.contains("万科a")).isTrue();
        int[] f = g.features(Normalizer.normalize(CodePoints.of("买入万科Ａ股")));
        assertThat(f).containsExactly(0, 0, Gazetteer.BEGIN, Gazetteer.MIDDLE, Gazetteer.END, 0);
    }

    @Test
    void userNamesAreFoundAfterWithNames() {
        Gazetteer g = new Gazetteer(List.of("蓝海集团"), List.of());
        int[] text = Normalizer.normalize(CodePoints.of("星辰动力与蓝海集团"));
        assertThat(g.features(text)[0]).isZero();
        assertThat(g.withNames(List.of("星辰动力")).features(text)[0]).isEqualTo(Gazetteer.BEGIN);
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws IOException {
        Gazetteer g = new Gazetteer(List.of("华星科技", "蓝海集团"), List.of("有限公司"));
        g.save(dir.resolve("lexicon.txt"));
        assertThat(Files.readString(dir.resolve("lexicon.txt"))).doesNotContain("华星").doesNotContain("有限公司");
        Gazetteer back = Gazetteer.load(dir.resolve("lexicon.txt"));
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.suffixCount()).isEqualTo(1);
        int[] text = Normalizer.normalize(CodePoints.of("华星科技有限公司"));
        assertThat(back.features(text)).containsExactly(g.features(text));
    }

    @Test
    void corruptLexiconNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("lexicon.txt");
        Files.writeString(f, "hello\n");
        assertThatThrownBy(() -> Gazetteer.load(f)).isInstanceOf(UserError.class).hasMessageContaining(f.toString());
        assertThatThrownBy(() -> Gazetteer.load(dir.resolve("missing.txt"))).isInstanceOf(UserError.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void builderDropsCommonWordsAndShortNamesUnlessListed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("company_names_union.tsv"), String.join("\n",
                "name\tsources",
                "华星科技股份有限公司\tsmoothnlp_full",
                "公司\tfinre_train_entity",
                "蓝海\tccks2019_subject_train",
                "海通\tlisted_short",
                "百分点\tfinre_train_entity",
                "AB\tfinnsp_train_entity",
                "只在品牌里\tbrand_only") + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("companynameparser_suffix.txt"), "有限公司\n公司\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("thuocl_caijing.txt"), "百分点 \t 100\n", StandardCharsets.UTF_8);
        Gazetteer g = LexiconBuilder.fromDirectory(dir, LexiconBuilder.DEFAULT_SOURCES);
        assertThat(g.contains("华星科技股份有限公司")).isTrue();
        assertThat(g.contains("海通")).isTrue();
        assertThat(g.contains("公司")).isFalse();
        assertThat(g.contains("蓝海")).isFalse();
        assertThat(g.contains("百分点")).isFalse();
        assertThat(g.contains("AB")).isFalse();
        assertThat(g.contains("只在品牌里")).isFalse();
        assertThat(g.size()).isEqualTo(2);
    }
}
