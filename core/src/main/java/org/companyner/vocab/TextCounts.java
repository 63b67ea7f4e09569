package org.companyner.vocab;

import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;

import java.util.HashMap;
import java.util.Map;

/**
 * Character and bigram frequencies of normalised texts: what {@link CharVocab#build} and
 * {@link BigramVocab#build} are made from.
 */
public record TextCounts(Map<Integer, Long> chars, Map<Long, Long> bigrams) {
    public static TextCounts of(Iterable<String> texts) {
        Map<Integer, Long> chars = new HashMap<>();
        Map<Long, Long> bigrams = new HashMap<>();
        for (String text : texts) {
            int[] n = Normalizer.normalize(CodePoints.of(text));
            for (int c : n) {
                chars.merge(c, 1L, Long::sum);
            }
            BigramVocab.count(n, bigrams);
        }
        return new TextCounts(chars, bigrams);
    }
}
