package org.companyner.lexicon;

import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.companyner.vocab.LongIntMap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Arrays;
import java.util.List;

/**
 * Company names and legal suffixes as sets of 64-bit hashes, giving every character SoftLexicon-
 * style match sets (Ma et al. 2020, "Simplify the Usage of Lexicon in Chinese NER"): does a known
 * name Begin here, continue through it (Middle), End here, or is it a Single character.
 *
 * <p>Names and text are compared in {@link #key normalised} form (full-width → half-width, lower
 * case, whitespace removed from names), so matching never moves an offset of the original text.
 * Only hashes are kept (FNV-1a over code points): a shipped model carries its lexicon without
 * carrying the source lists' text. The hashes of every entry's proper prefixes are kept too
 * (lexicon v3), so matching extends a substring only while it is still the prefix of some entry:
 * about two look-ups a character instead of one per substring up to the longest name's length
 * (40), which made the gazetteer cost as much as the BiLSTM it feeds. A v2 lexicon (no prefixes)
 * is still read and matched the slow way, with the same result.
 */
public final class Gazetteer {
    /** Bits of a position's feature id. Names: 0-3, suffixes: 4-7. */
    public static final int BEGIN = 1;
    public static final int MIDDLE = 2;
    public static final int END = 4;
    public static final int SINGLE = 8;
    /** Number of distinct feature ids (names × suffixes). */
    public static final int FEATURE_IDS = 256;
    private static final String HEADER = "# company-ner lexicon v3: FNV-1a 64 hashes of normalised names and their prefixes";
    private static final String HEADER_V2 = "# company-ner lexicon v2: FNV-1a 64 hashes of normalised names";
    private static final String HEADER_V1 = "# company-ner lexicon v1: names";
    private static final String NAMES = "# names";
    private static final String SUFFIXES = "# suffixes";
    private static final String PREFIXES = "# prefixes";
    /** Flags of a hash in a {@link HashList}: a whole entry, a proper prefix of a longer entry, or both. */
    private static final int ENTRY = 1;
    private static final int PREFIX = 2;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final HashList names;
    private final HashList suffixes;

    private Gazetteer(HashList names, HashList suffixes) {
        this.names = names;
        this.suffixes = suffixes;
    }

    /** A gazetteer of {@code names} (at least two characters after normalising) and legal {@code suffixes}. */
    public Gazetteer(Collection<String> names, Collection<String> suffixes) {
        this(HashList.of(names, 2), HashList.of(suffixes, 1));
    }

    /** Normalised form used for matching: {@link Normalizer} per code point, whitespace removed. */
    public static String key(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().map(Normalizer::normalize).filter(cp -> cp != ' ').forEach(sb::appendCodePoint);
        return sb.toString();
    }

    static long hash(int[] cps, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h = (h ^ cps[i]) * FNV_PRIME;
        }
        return h;
    }

    public int size() {
        return names.entries();
    }

    public int suffixCount() {
        return suffixes.entries();
    }

    public boolean contains(String name) {
        int[] cps = CodePoints.of(key(name));
        return (names.hashes.get(hash(cps, 0, cps.length), 0) & ENTRY) != 0;
    }

    /** A gazetteer with {@code more} names added (a user's watch-list); suffixes unchanged. */
    public Gazetteer withNames(Collection<String> more) {
        return new Gazetteer(names.union(HashList.of(more, 2)), suffixes);
    }

    /**
     * Feature id per position of already-normalised code points: name match bits (BEGIN, MIDDLE,
     * END, SINGLE) in bits 0-3 and the same for legal suffixes in bits 4-7. Overlapping and nested
     * matches all contribute.
     */
    public int[] features(int[] normalised) {
        int[] f = new int[normalised.length];
        mark(names, normalised, f, 0);
        mark(suffixes, normalised, f, 4);
        return f;
    }

    private static void mark(HashList list, int[] text, int[] f, int shift) {
        if (list.maxLength == 0) {
            return;
        }
        LongIntMap set = list.hashes;
        for (int start = 0; start < text.length; start++) {
            long h = FNV_OFFSET;
            int limit = Math.min(text.length, start + list.maxLength);
            for (int end = start + 1; end <= limit; end++) {
                h = (h ^ text[end - 1]) * FNV_PRIME;
                int flags = set.get(h, 0);
                if ((flags & ENTRY) != 0) {
                    markMatch(f, start, end, shift);
                }
                if (list.prefixes && (flags & PREFIX) == 0) {
                    break; // no entry continues this substring
                }
            }
        }
    }

    private static void markMatch(int[] f, int start, int end, int shift) {
        if (end - start == 1) {
            f[start] |= SINGLE << shift;
            return;
        }
        f[start] |= BEGIN << shift;
        for (int i = start + 1; i < end - 1; i++) {
            f[i] |= MIDDLE << shift;
        }
        f[end - 1] |= END << shift;
    }

    /** Writes the hashes (hex, sorted) so the model directory is self-contained. */
    public void save(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            names.write(w, NAMES);
            suffixes.write(w, SUFFIXES);
        }
    }

    public static Gazetteer load(Path file) {
        List<String> lines = readLines(file, "lexicon");
        if (!lines.isEmpty() && lines.get(0).equals(HEADER_V1) && lines.contains(SUFFIXES)) {
            int split = lines.indexOf(SUFFIXES); // v1 kept the normalised names as text
            return new Gazetteer(lines.subList(1, split), lines.subList(split + 1, lines.size()));
        }
        int n = lines.indexOf(NAMES);
        int s = lines.indexOf(SUFFIXES);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals(HEADER_V2)) || n < 0 || s < n) {
            throw new UserError("not a company-ner lexicon: " + file);
        }
        boolean v3 = lines.get(0).equals(HEADER);
        try {
            return new Gazetteer(HashList.parse(lines.subList(n + 1, s), v3), HashList.parse(lines.subList(s + 1, lines.size()), v3));
        } catch (RuntimeException e) {
            throw new UserError("corrupt lexicon " + file + ": " + e.getMessage());
        }
    }

    /** A user's name list: one name a line, blank lines and lines starting with # ignored. */
    public static List<String> readNameList(Path file) {
        return readLines(file, "name list").stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static List<String> readLines(Path file, String what) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(what + " file not found: " + file);
        } catch (MalformedInputException e) {
            throw new UserError("invalid UTF-8 in " + what + " file " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Hashes of normalised entries with their {@link #ENTRY}/{@link #PREFIX} flags (an unboxed map:
     * look-ups are on the hot path), the longest entry's length, and whether prefixes are recorded.
     */
    private record HashList(LongIntMap hashes, int maxLength, boolean prefixes) {
        static HashList of(Collection<String> entries, int minLength) {
            LongIntMap hashes = new LongIntMap(entries.size() * 4);
            int max = 0;
            for (String e : entries) {
                int[] cps = CodePoints.of(key(e));
                if (cps.length >= minLength) {
                    add(hashes, hash(cps, 0, cps.length), ENTRY);
                    for (int len = 1; len < cps.length; len++) {
                        add(hashes, hash(cps, 0, len), PREFIX);
                    }
                    max = Math.max(max, cps.length);
                }
            }
            return new HashList(hashes, max, true);
        }

        /** Number of whole entries (prefixes not counted). */
        int entries() {
            int n = 0;
            for (long h : hashes.keys()) {
                n += (hashes.get(h, 0) & ENTRY) != 0 ? 1 : 0;
            }
            return n;
        }

        private static void add(LongIntMap map, long key, int flag) {
            map.put(key, map.get(key, 0) | flag);
        }

        HashList union(HashList other) {
            LongIntMap all = new LongIntMap(hashes.size() + other.hashes.size());
            for (HashList list : List.of(this, other)) {
                for (long h : list.hashes.keys()) {
                    add(all, h, list.hashes.get(h, 0));
                }
            }
            return new HashList(all, Math.max(maxLength, other.maxLength), prefixes && other.prefixes);
        }

        void write(BufferedWriter w, String header) throws IOException {
            if (!prefixes) {
                throw new IllegalStateException("a lexicon read without prefixes cannot be written as v3");
            }
            w.write(header + "\n");
            w.write("max_length " + maxLength + "\n");
            for (int flag : new int[]{ENTRY, PREFIX}) {
                if (flag == PREFIX) {
                    w.write(PREFIXES + "\n");
                }
                long[] sorted = Arrays.stream(hashes.keys()).filter(h -> (hashes.get(h, 0) & flag) != 0).sorted().toArray();
                for (long h : sorted) {
                    w.write(Long.toHexString(h) + "\n");
                }
            }
        }

        /** A section: {@code max_length N}, entry hashes, and in v3 {@code # prefixes} and the prefix-only hashes. */
        static HashList parse(List<String> lines, boolean v3) {
            if (lines.isEmpty() || !lines.get(0).startsWith("max_length ")) {
                throw new IllegalArgumentException("missing max_length");
            }
            int max = Integer.parseInt(lines.get(0).substring("max_length ".length()).trim());
            LongIntMap hashes = new LongIntMap(lines.size());
            int flag = ENTRY;
            boolean sawPrefixes = false;
            for (String l : lines.subList(1, lines.size())) {
                if (l.equals(PREFIXES)) {
                    flag = PREFIX;
                    sawPrefixes = true;
                    continue;
                }
                add(hashes, Long.parseUnsignedLong(l.trim(), 16), flag);
            }
            if (v3 && !sawPrefixes) {
                throw new IllegalArgumentException("v3 lexicon section without its prefixes");
            }
            return new HashList(hashes, max, v3);
        }
    }
}
