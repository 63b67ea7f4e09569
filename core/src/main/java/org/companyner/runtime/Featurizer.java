package org.companyner.runtime;

import org.companyner.text.Normalizer;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;

/** Turns an article's code points into model ids; windows slice the article-level ids so that bigrams see real neighbours. */
public final class Featurizer {
    private final CharVocab chars;
    private final BigramVocab bigrams;

    public Featurizer(CharVocab chars, BigramVocab bigrams) {
        this.chars = chars;
        this.bigrams = bigrams;
    }

    public CharVocab chars() {
        return chars;
    }

    public BigramVocab bigrams() {
        return bigrams;
    }

    /** Ids for a whole article, given its original code points. */
    public Article article(int[] codePoints) {
        int[] normalised = Normalizer.normalize(codePoints);
        return new Article(chars.ids(normalised), bigrams.ids(normalised));
    }

    /** Article-level ids; {@code bigramIds} has one more entry than {@code charIds} (see {@link BigramVocab#ids}). */
    public record Article(int[] charIds, int[] bigramIds) {
        public Features slice(int start, int end) {
            int[] c = java.util.Arrays.copyOfRange(charIds, start, end);
            int[] left = java.util.Arrays.copyOfRange(bigramIds, start, end);
            int[] right = java.util.Arrays.copyOfRange(bigramIds, start + 1, end + 1);
            return new Features(c, left, right);
        }
    }
}
