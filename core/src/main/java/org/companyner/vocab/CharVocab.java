package org.companyner.vocab;

import org.companyner.UserError;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Code point → id map over <em>normalised</em> characters, with the special tokens first.
 * Stored as a text file, one entry a line: the special names, then decimal code points
 * (decimal so that spaces and control characters stay unambiguous).
 */
public final class CharVocab {
    public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int CLS = 2;
    public static final int SEP = 3;
    public static final int MASK = 4;
    private static final String HEADER = "# company-ner char vocab v1";

    private final int[] codePoints;
    private final Map<Integer, Integer> ids;

    private CharVocab(int[] codePoints) {
        this.codePoints = codePoints;
        this.ids = new HashMap<>(codePoints.length * 2);
        for (int i = 0; i < codePoints.length; i++) {
            ids.put(codePoints[i], SPECIALS.size() + i);
        }
    }

    /** Characters counted at least {@code minCount} times, most frequent first (ties by code point). */
    public static CharVocab build(Map<Integer, Long> counts, int minCount) {
        int[] kept = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .mapToInt(Map.Entry::getKey)
                .toArray();
        return new CharVocab(kept);
    }

    public int size() {
        return SPECIALS.size() + codePoints.length;
    }

    /** The id of a normalised code point, {@link #UNK} when unknown. */
    public int id(int normalisedCodePoint) {
        return ids.getOrDefault(normalisedCodePoint, UNK);
    }

    public int[] ids(int[] normalisedCodePoints) {
        int[] out = new int[normalisedCodePoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(normalisedCodePoints[i]);
        }
        return out;
    }

    /** The code point of a non-special id, or -1 for special ids. */
    public int codePoint(int id) {
        return id < SPECIALS.size() || id >= size() ? -1 : codePoints[id - SPECIALS.size()];
    }

    public void save(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (String s : SPECIALS) {
                w.write(s);
                w.write('\n');
            }
            for (int cp : codePoints) {
                w.write(Integer.toString(cp));
                w.write('\n');
            }
        }
    }

    public static CharVocab load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("vocabulary file missing: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read vocabulary " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER) || lines.size() < 1 + SPECIALS.size()
                || !lines.subList(1, 1 + SPECIALS.size()).equals(SPECIALS)) {
            throw new UserError("not a company-ner vocabulary: " + file);
        }
        List<Integer> cps = new ArrayList<>();
        for (int i = 1 + SPECIALS.size(); i < lines.size(); i++) {
            try {
                cps.add(Integer.parseInt(lines.get(i).trim()));
            } catch (NumberFormatException e) {
                throw new UserError(file + ":" + (i + 1) + ": bad vocabulary entry '" + lines.get(i) + "'");
            }
        }
        return new CharVocab(cps.stream().mapToInt(Integer::intValue).toArray());
    }
}
