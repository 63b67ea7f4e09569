package org.companyner.runtime;

/**
 * Model inputs for one window: character ids and, per position, the ids of the bigram ending
 * there (left) and starting there (right). All arrays have the window's length.
 */
public record Features(int[] chars, int[] bigramLeft, int[] bigramRight) {
    public Features {
        if (bigramLeft.length != chars.length || bigramRight.length != chars.length) {
            throw new IllegalArgumentException("feature lengths disagree");
        }
    }

    public int length() {
        return chars.length;
    }
}
