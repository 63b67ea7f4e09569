package org.companyner.lexicon;

import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Company names and legal suffixes compiled into Aho-Corasick automata, giving every character
 * SoftLexicon-style match sets (Ma et al. 2020, "Simplify the Usage of Lexicon in Chinese NER"):
 * does a known name Begin here, continue through it (Middle), End here, or is it a Single character.
 * Names and text are compared in {@link #key normalised} form (full-width → half-width, lower case,
 * whitespace removed from names), so matching never moves an offset of the original text.
 */
public final class Gazetteer {
    /** Bits of a position's feature id. Names: 0-3, suffixes: 4-7. */
    public static final int BEGIN = 1;
    public static final int MIDDLE = 2;
    public static final int END = 4;
    public static final int SINGLE = 8;
    /** Number of distinct feature ids (names × suffixes). */
    public static final int FEATURE_IDS = 256;
    private static final String HEADER_NAMES = "# company-ner lexicon v1: names";
    private static final String HEADER_SUFFIXES = "# suffixes";

    private final Set<String> names;
    private final Set<String> suffixes;
    private final AhoCorasick nameMatcher;
    private final AhoCorasick suffixMatcher;

    public Gazetteer(Collection<String> names, Collection<String> suffixes) {
        this.names = new LinkedHashSet<>();
        for (String n : names) {
            String k = key(n);
            if (k.codePointCount(0, k.length()) >= 2) {
                this.names.add(k);
            }
        }
        this.suffixes = new LinkedHashSet<>();
        for (String s : suffixes) {
            String k = key(s);
            if (!k.isEmpty()) {
                this.suffixes.add(k);
            }
        }
        this.nameMatcher = new AhoCorasick(this.names.stream().map(CodePoints::of).toList());
        this.suffixMatcher = new AhoCorasick(this.suffixes.stream().map(CodePoints::of).toList());
    }

    /** Normalised form used for matching: {@link Normalizer} per code point, whitespace removed. */
    public static String key(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().map(Normalizer::normalize).filter(cp -> cp != ' ').forEach(sb::appendCodePoint);
        return sb.toString();
    }

    public int size() {
        return names.size();
    }

    public int suffixCount() {
        return suffixes.size();
    }

    public boolean contains(String name) {
        return names.contains(key(name));
    }

    /** A gazetteer with {@code more} names added (a user's watch-list); suffixes unchanged. */
    public Gazetteer withNames(Collection<String> more) {
        List<String> all = new ArrayList<>(names);
        all.addAll(more);
        return new Gazetteer(all, suffixes);
    }

    /**
     * Feature id per position of already-normalised code points: name match bits (BEGIN, MIDDLE,
     * END, SINGLE) in bits 0-3 and the same for legal suffixes in bits 4-7.
     */
    public int[] features(int[] normalised) {
        int[] f = new int[normalised.length];
        mark(nameMatcher, normalised, f, 0);
        mark(suffixMatcher, normalised, f, 4);
        return f;
    }

    private static void mark(AhoCorasick matcher, int[] text, int[] f, int shift) {
        matcher.matches(text, (start, end) -> {
            if (end - start == 1) {
                f[start] |= SINGLE << shift;
                return;
            }
            f[start] |= BEGIN << shift;
            for (int i = start + 1; i < end - 1; i++) {
                f[i] |= MIDDLE << shift;
            }
            f[end - 1] |= END << shift;
        });
    }

    /** Writes names and suffixes as a text file, one per line, so the model directory is self-contained. */
    public void save(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER_NAMES + "\n");
            for (String n : names) {
                w.write(n + "\n");
            }
            w.write(HEADER_SUFFIXES + "\n");
            for (String s : suffixes) {
                w.write(s + "\n");
            }
        }
    }

    public static Gazetteer load(Path file) {
        List<String> lines = readLines(file, "lexicon");
        if (lines.isEmpty() || !lines.get(0).equals(HEADER_NAMES) || !lines.contains(HEADER_SUFFIXES)) {
            throw new UserError("not a company-ner lexicon: " + file);
        }
        int split = lines.indexOf(HEADER_SUFFIXES);
        return new Gazetteer(lines.subList(1, split), lines.subList(split + 1, lines.size()));
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
}
