package org.companyner.text;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random article texts mixing Chinese, ASCII, emoji, line breaks, full-width forms and terminators. */
public final class TextGen {
    private static final String[] PIECES = {
        "😀", "🏢", "\r\n", "\r", "\n", "ＡＢＣ１２３", "\u3000", "。", "！", "？", "!", "?", "；", ";",
        "”", "」", "）", ")", "\"", " ", "\t", "\u200d", "Ltd.", "有限公司", "Ｘ", "é"
    };
    private static final String[] NO_TERMINATORS = {"😀", "🏢", "ＡＢＣ１２３", "\u3000", " ", "”", "有限公司", "Ｘ"};

    private TextGen() {
    }

    /** Mostly short texts, some empty, some of about 20,000 code points with or without terminators. */
    public static Arbitrary<String> texts() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(12, Arbitraries.integers().between(1, 600)),
                Tuple.of(2, Arbitraries.just(20_000)));
        return Combinators.combine(Arbitraries.longs(), lengths, Arbitraries.integers().between(0, 3))
                .as((seed, length, mode) -> text(new Random(seed), length, mode == 0));
    }

    /** A random text of {@code length} code points; without terminators or line breaks if asked. */
    public static String text(Random random, int length, boolean noTerminators) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        while (count < length) {
            String piece;
            int r = random.nextInt(10);
            if (r < 5) {
                piece = Character.toString(0x4E00 + random.nextInt(0x9FFF - 0x4E00));
            } else if (r < 7) {
                piece = Character.toString(0x21 + random.nextInt(0x7E - 0x21));
            } else {
                String[] pool = noTerminators ? NO_TERMINATORS : PIECES;
                piece = pool[random.nextInt(pool.length)];
            }
            int k = CodePoints.length(piece);
            if (count + k > length) {
                continue;
            }
            if (noTerminators && piece.codePoints().anyMatch(c -> "。！？!?；;\r\n".indexOf(c) >= 0)) {
                continue;
            }
            sb.append(piece);
            count += k;
        }
        return sb.toString();
    }
}
