package org.companyner.vocab;

import org.companyner.UserError;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pairs of adjacent normalised code points → ids (0 = padding, 1 = unknown). The boundary of an
 * article is the code point 0. Bigrams give a character model cheap word-boundary evidence
 * (Zhang and Yang 2018, Lattice LSTM, used char+bigram baselines for the same reason).
 */
public final class BigramVocab {
    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int BOUNDARY = 0;
    private static final String HEADER = "# company-ner bigram vocab v1";

    private final long[] keys;
    private final LongIntMap ids;

    private BigramVocab(long[] keys) {
        this.keys = keys;
        this.ids = new LongIntMap(keys.length);
        for (int i = 0; i < keys.length; i++) {
            ids.put(keys[i], 2 + i);
        }
    }

    public static long key(int first, int second) {
        return ((long) first << 21) | second;
    }

    /** Bigrams counted at least {@code minCount} times, most frequent first. */
    public static BigramVocab build(Map<Long, Long> counts, int minCount) {
        long[] kept = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .mapToLong(Map.Entry::getKey)
                .toArray();
        return new BigramVocab(kept);
    }

    /** Adds the bigrams of one normalised text (with boundaries) to {@code counts}. */
    public static void count(int[] normalised, Map<Long, Long> counts) {
        for (int i = 0; i <= normalised.length; i++) {
            int a = i == 0 ? BOUNDARY : normalised[i - 1];
            int b = i == normalised.length ? BOUNDARY : normalised[i];
            counts.merge(key(a, b), 1L, Long::sum);
        }
    }

    public int size() {
        return 2 + keys.length;
    }

    /**
     * Ids of the bigram ending at each position: {@code out[i]} is the pair (c[i-1], c[i]) for
     * i < n, and {@code out[n]} the pair (c[n-1], boundary); so position i's left bigram is
     * {@code out[i]} and its right bigram {@code out[i+1]}.
     */
    public int[] ids(int[] normalised) {
        int[] out = new int[normalised.length + 1];
        for (int i = 0; i <= normalised.length; i++) {
            int a = i == 0 ? BOUNDARY : normalised[i - 1];
            int b = i == normalised.length ? BOUNDARY : normalised[i];
            out[i] = ids.get(key(a, b), UNK);
        }
        return out;
    }

    public void save(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (long k : keys) {
                w.write((k >>> 21) + " " + (k & ((1L << 21) - 1)));
                w.write('\n');
            }
        }
    }

    public static BigramVocab load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("bigram vocabulary file missing: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read bigram vocabulary " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new UserError("not a company-ner bigram vocabulary: " + file);
        }
        long[] keys = new long[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            try {
                keys[i - 1] = key(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            } catch (RuntimeException e) {
                throw new UserError(file + ":" + (i + 1) + ": bad bigram entry '" + lines.get(i) + "'");
            }
        }
        return new BigramVocab(keys);
    }
}
