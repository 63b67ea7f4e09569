package org.companyner.label.outline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Windower;

/**
 * The corpus as training sentences: paragraphs (one a line, a blank line between documents, as in
 * {@code fin_news_raw/pretrain_fin_corpus.txt}) split by {@link Windower#sentenceEnds}, trimmed of
 * whitespace, cut to at most {@code maxChars} code points, kept when at least {@code minChars} long,
 * and exact repeats dropped (the first occurrence stays).
 *
 * <p>Cutting a sentence longer than {@code maxChars}: after the last soft break (，,、：:—… or
 * whitespace) inside the first {@code maxChars} code points, provided the piece keeps at least half of
 * them; otherwise hard at {@code maxChars} (a hard cut may split a name; the summary counts them).
 */
public final class Sentences {
    /** One sentence: its text and where it came from (document and line from 1, start in code points of the line). */
    public record Piece(String text, int document, int line, int start) {
    }

    /** What splitting did, for the summary. */
    public record Counts(long documents, long paragraphs, long sentences, long cuts, long hardCuts, long tooShort,
                         long duplicates, long kept) {
    }

    /** The kept sentences in corpus order, and the counts. */
    public record Split(List<Piece> pieces, Counts counts) {
    }

    private Sentences() {
    }

    /**
     * Reads and splits a corpus file (UTF-8).
     *
     * @throws UserError naming the file when it is missing or not UTF-8
     */
    public static Split read(Path corpus, int minChars, int maxChars) {
        if (!Files.isRegularFile(corpus)) {
            throw new UserError("corpus file not found: " + corpus);
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(corpus), decoder))) {
            return split(in.lines().toList(), minChars, maxChars);
        } catch (NoSuchFileException e) {
            throw new UserError("corpus file not found: " + corpus);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new UserError("corpus " + corpus + " is not UTF-8 text");
            }
            throw new UserError("cannot read corpus " + corpus + ": " + e.getCause().getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read corpus " + corpus + ": " + e.getMessage());
        }
    }

    /** Splits corpus lines (a blank line ends a document). */
    public static Split split(List<String> lines, int minChars, int maxChars) {
        List<Piece> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long documents = 0;
        long paragraphs = 0;
        long[] c = new long[5]; // sentences, cuts, hard cuts, too short, duplicates
        boolean inDocument = false;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                inDocument = false;
                continue;
            }
            if (!inDocument) {
                documents++;
                inDocument = true;
            }
            paragraphs++;
            for (Piece p : paragraph(line, (int) documents, ln + 1, minChars, maxChars, c)) {
                if (seen.add(p.text())) {
                    kept.add(p);
                } else {
                    c[4]++;
                }
            }
        }
        return new Split(List.copyOf(kept), new Counts(documents, paragraphs, c[0], c[1], c[2], c[3], c[4], kept.size()));
    }

    /** The sentences of one paragraph line; counts[0..3] += sentences, cuts, hard cuts, too short. */
    static List<Piece> paragraph(String line, int document, int lineNo, int minChars, int maxChars, long[] counts) {
        int[] cps = CodePoints.of(line);
        List<Piece> out = new ArrayList<>();
        int from = 0;
        for (int end : Windower.sentenceEnds(cps)) {
            int s = from;
            int e = end;
            from = end;
            while (s < e && isSpace(cps[s])) {
                s++;
            }
            while (e > s && isSpace(cps[e - 1])) {
                e--;
            }
            if (s == e) {
                continue;
            }
            counts[0]++;
            while (e - s > maxChars) {
                int cut = softCut(cps, s, maxChars);
                counts[1]++;
                if (cut < 0) {
                    cut = s + maxChars;
                    counts[2]++;
                }
                add(cps, s, cut, document, lineNo, minChars, out, counts);
                s = cut;
                while (s < e && isSpace(cps[s])) {
                    s++;
                }
            }
            add(cps, s, e, document, lineNo, minChars, out, counts);
        }
        return out;
    }

    /** End of the last soft break inside {@code [s, s + maxChars]} that keeps at least half, or -1. */
    private static int softCut(int[] cps, int s, int maxChars) {
        for (int p = s + maxChars; p >= s + maxChars / 2; p--) {
            if (isSoftBreak(cps[p - 1])) {
                return p;
            }
        }
        return -1;
    }

    private static void add(int[] cps, int s, int e, int document, int lineNo, int minChars, List<Piece> out, long[] counts) {
        while (e > s && isSpace(cps[e - 1])) {
            e--;
        }
        if (e - s < minChars) {
            counts[3]++;
            return;
        }
        out.add(new Piece(new String(cps, s, e - s), document, lineNo, s));
    }

    private static boolean isSoftBreak(int c) {
        return switch (c) {
            case '，', ',', '、', '：', ':', '—', '…', '｜', '|' -> true;
            default -> isSpace(c);
        };
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
