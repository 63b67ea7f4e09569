package org.companyner.label.outline;

/**
 * Everything that decides what {@link Outline#build} writes, besides the corpus and the sources: the
 * same options on the same input give byte-identical output.
 *
 * @param minChars  shortest sentence kept, in code points after trimming whitespace (default {@link #DEFAULT_MIN_CHARS})
 * @param maxChars  longest sentence, in code points: longer ones are cut at punctuation, else hard
 *                  (default {@link #DEFAULT_MAX_CHARS}, the model window)
 * @param accept    noisy-OR confidence at which a candidate span becomes a mention (default {@link #DEFAULT_ACCEPT})
 * @param margin    how far a mention's confidence must exceed every overlapping rival's (default {@link #DEFAULT_MARGIN})
 * @param untouched what positions no source touches become (default {@link Untouched#CUE})
 * @param batchSize sentences handed to each source at once (does not change the output of the rule sources;
 *                  the model's int8 emissions can depend on batch composition, so keep it fixed between runs)
 * @param limit     most sentences to label after de-duplication, or 0 for all
 */
public record OutlineOptions(int minChars, int maxChars, double accept, double margin, Untouched untouched,
                             int batchSize, long limit) {
    public static final int DEFAULT_MIN_CHARS = 5;
    /** The model window ({@code Presets}: 128 positions). */
    public static final int DEFAULT_MAX_CHARS = 128;
    /**
     * 0.75: above one suffix (0.7), wide-list (0.6) or HanLP-ending (0.5) vote alone, below the trusted list
     * (0.9) and a HanLP term the trusted list knows (0.8); any two of suffix, wide list and HanLP-ending
     * together reach it (0.8-0.88). Priors as in docs/sources.md, chosen before measuring the outline.
     */
    public static final double DEFAULT_ACCEPT = 0.75;
    /** 0.15: the trusted list (0.9) beats a suffix rival (0.7) on an overlapping span; model 0.95 vs list 0.9 does not. */
    public static final double DEFAULT_MARGIN = 0.15;
    public static final int DEFAULT_BATCH_SIZE = 1024;

    /** What a position that no source's span covers is labelled. */
    public enum Untouched {
        /** Always O: the naive weak labels that hurt (STACK.md "Naive weak labels hurt"). */
        O,
        /**
         * O when the sentence is "explained": no company cue word ({@link VoteAggregator#CUES}) lies outside
         * every candidate span, and the sentence has an accepted mention or no candidate at all; otherwise unknown.
         */
        CUE,
        /** O only in sentences with at least one accepted mention; otherwise unknown. */
        UNKNOWN
    }

    public OutlineOptions {
        if (minChars < 1) {
            throw new IllegalArgumentException("minChars must be at least 1, got " + minChars);
        }
        if (maxChars < Math.max(8, minChars)) {
            throw new IllegalArgumentException("maxChars must be at least 8 and at least minChars, got " + maxChars);
        }
        if (!(accept > 0 && accept <= 1)) {
            throw new IllegalArgumentException("accept threshold must be in (0, 1], got " + accept);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
        }
        if (untouched == null) {
            throw new IllegalArgumentException("untouched policy is missing");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
        }
    }

    /** The documented defaults. */
    public static OutlineOptions defaults() {
        return new OutlineOptions(DEFAULT_MIN_CHARS, DEFAULT_MAX_CHARS, DEFAULT_ACCEPT, DEFAULT_MARGIN, Untouched.CUE,
                DEFAULT_BATCH_SIZE, 0);
    }

    public OutlineOptions withLimit(long n) {
        return new OutlineOptions(minChars, maxChars, accept, margin, untouched, batchSize, n);
    }
}
