package org.companyner.runtime;

import java.util.Arrays;

import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Normalizer;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;

/** Turns an article's code points into model ids; windows slice the article-level ids so that bigrams see real neighbours. */
public final class Featurizer {
    private final CharVocab chars;
    private final BigramVocab bigrams;
    private final Gazetteer gazetteer;

    /** {@code gazetteer} may be null: no lexicon features (all ids 0). */
    public Featurizer(CharVocab chars, BigramVocab bigrams, Gazetteer gazetteer) {
        this.chars = chars;
        this.bigrams = bigrams;
        this.gazetteer = gazetteer;
    }

    public Featurizer(CharVocab chars, BigramVocab bigrams) {
        this(chars, bigrams, null);
    }

    public Gazetteer gazetteer() {
        return gazetteer;
    }

    /** The featurizer stored in a model directory; {@code lexicon} says whether the model uses {@value ModelDir#LEXICON}. */
    public static Featurizer load(java.nio.file.Path dir, boolean lexicon) {
        ModelDir model = new ModelDir(dir);
        return new Featurizer(CharVocab.load(model.vocab()), BigramVocab.load(model.bigrams()),
                lexicon ? Gazetteer.load(model.lexicon()) : null);
    }

    /** The same featurizer with a user's extra names in its gazetteer (no effect on a model without lexicon features). */
    public Featurizer withNames(java.util.List<String> names) {
        return gazetteer == null || names.isEmpty() ? this : new Featurizer(chars, bigrams, gazetteer.withNames(names));
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
        int[] lexicon = gazetteer == null ? new int[normalised.length] : gazetteer.features(normalised);
        return new Article(chars.ids(normalised), bigrams.ids(normalised), lexicon);
    }

    /**
     * Article-level ids; {@code bigramIds} has one more entry than {@code charIds} (see
     * {@link BigramVocab#ids}). Lexicon matches are found on the whole article, so a name
     * crossing a window edge still marks both sides.
     */
    public record Article(int[] charIds, int[] bigramIds, int[] lexiconIds) {
        public Features slice(int start, int end) {
            int[] c = Arrays.copyOfRange(charIds, start, end);
            int[] left = Arrays.copyOfRange(bigramIds, start, end);
            int[] right = Arrays.copyOfRange(bigramIds, start + 1, end + 1);
            return new Features(c, left, right, Arrays.copyOfRange(lexiconIds, start, end));
        }
    }
}
