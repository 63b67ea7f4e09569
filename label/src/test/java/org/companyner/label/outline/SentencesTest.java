package org.companyner.label.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.junit.jupiter.api.Test;

/** Sentence splitting of an invented corpus: offsets in code points, the length cap, repeats, documents. */
class SentencesTest {
    @Test
    void splitsAtTerminatorsWithExactCodePointOffsetsAcrossAstralAndFullWidthCharacters() {
        String line = "　𠀀星河科技发布ＡＢＣ新品。　东方钢铁公司宣布合作！";
        var split = Sentences.split(List.of(line), 5, 128);
        assertThat(split.pieces()).extracting(Sentences.Piece::text).containsExactly("𠀀星河科技发布ＡＢＣ新品。", "东方钢铁公司宣布合作！");
        for (Sentences.Piece p : split.pieces()) {
            int[] cps = CodePoints.of(line);
            assertThat(new String(cps, p.start(), CodePoints.length(p.text()))).isEqualTo(p.text());
        }
        assertThat(split.pieces().get(0).start()).isEqualTo(1);
        assertThat(split.pieces().get(1).start()).isEqualTo(15);
    }

    @Test
    void cutsALongSentenceAfterTheLastCommaInsideTheCap() {
        String line = "𠀀一二三四五六七八，九十一二三四五六七八九。";
        var split = Sentences.split(List.of(line), 2, 12);
        assertThat(split.pieces()).extracting(Sentences.Piece::text).containsExactly("𠀀一二三四五六七八，", "九十一二三四五六七八九。");
        assertThat(split.pieces()).extracting(Sentences.Piece::start).containsExactly(0, 10);
        assertThat(split.counts().cuts()).isEqualTo(1);
        assertThat(split.counts().hardCuts()).isZero();
    }

    @Test
    void cutsHardAtTheCapWhenNoBreakKeepsHalf() {
        String line = "𠀀一二三四五六七八九十一二三四五六七八九。";
        var split = Sentences.split(List.of(line), 2, 8);
        assertThat(split.pieces()).extracting(p -> CodePoints.length(p.text())).containsExactly(8, 8, 5);
        assertThat(split.pieces()).extracting(Sentences.Piece::start).containsExactly(0, 8, 16);
        assertThat(split.pieces().get(0).text()).isEqualTo("𠀀一二三四五六七");
        assertThat(split.counts().hardCuts()).isEqualTo(2);
        assertThat(split.pieces()).allMatch(p -> CodePoints.length(p.text()) <= 8);
    }

    @Test
    void dropsShortSentencesAndExactRepeatsAndCountsDocuments() {
        List<String> lines = List.of("好。星河科技发布新品。", "星河科技发布新品。", "", "", "东方钢铁宣布合作。", "");
        var split = Sentences.split(lines, 5, 128);
        assertThat(split.pieces()).extracting(Sentences.Piece::text).containsExactly("星河科技发布新品。", "东方钢铁宣布合作。");
        assertThat(split.pieces()).extracting(Sentences.Piece::document).containsExactly(1, 2);
        assertThat(split.pieces()).extracting(Sentences.Piece::line).containsExactly(1, 5);
        var c = split.counts();
        assertThat(c.documents()).isEqualTo(2);
        assertThat(c.paragraphs()).isEqualTo(3);
        assertThat(c.sentences()).isEqualTo(4);
        assertThat(c.tooShort()).isEqualTo(1);
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(c.kept()).isEqualTo(2);
    }

    @Test
    void aMissingCorpusIsAUserError() {
        assertThatThrownBy(() -> Sentences.read(Path.of("no/such/corpus.txt"), 5, 128))
                .isInstanceOf(UserError.class).hasMessageContaining("no/such/corpus.txt");
    }
}
