package org.companyner.runtime;

/**
 * Model inputs for one window: character ids, per position the ids of the bigram ending there
 * (left) and starting there (right), and the gazetteer match id ({@link org.companyner.lexicon.Gazetteer#features}).
 * All arrays have the window's length.
 */
public record Features(int[] chars, int[] bigramLeft, int[] bigramRight, int[] lexicon) {
    public Features {
        if (bigramLeft.length != chars.length || bigramRight.length != chars.length || lexicon.length != chars.length) {
            throw new IllegalArgumentException("feature lengths disagree");
        }
    }

    /** Inputs without lexicon matches. */
    public Features(int[] chars, int[] bigramLeft, int[] bigramRight) {
        this(chars, bigramLeft, bigramRight, new int[chars.length]);
    }

    public int length() {
        return chars.length;
    }
}
