package org.companyner.label;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/** Span helpers shared by the repair rules (package-private: the rules' common guards). */
final class RepairSpans {
    /**
     * Contents of a bracketed stock code after normalising: 600519, 000001.SZ, SH600000, 0700.HK,
     * 00700.hk, 831010.BJ (A-share codes are six digits, Hong Kong ones four or five).
     */
    private static final Pattern STOCK_CODE = Pattern.compile("\\s*(?:(?:sh|sz|bj|hk)\\s*)?[0-9]{4,6}(?:\\.(?:sh|sz|ss|bj|hk))?\\s*");
    /** Longest bracket content looked at as a possible stock code. */
    private static final int MAX_CODE = 14;

    private RepairSpans() {
    }

    /** The document with {@code entities} (any order, disjoint) instead of its own; text, unknown ranges and marginals kept. */
    static Document with(Document d, List<Entity> entities) {
        List<Entity> sorted = new ArrayList<>(entities);
        sorted.sort(Comparator.comparingInt(Entity::start));
        return new Document(d.text(), sorted, d.unknown(), d.hasMarginals() ? d.marginals() : null);
    }

    /** Whether {@code [from, to)} overlaps a mention of {@code entities} other than the one at {@code self} (-1: none). */
    static boolean overlapsOther(List<Entity> entities, int self, int from, int to) {
        for (int i = 0; i < entities.size(); i++) {
            Entity e = entities.get(i);
            if (i != self && e.start() < to && from < e.end()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a normalised code point ends a name: punctuation, symbols, whitespace (anything but a letter or digit). */
    static boolean isPunctuation(int cp) {
        return !Character.isLetterOrDigit(cp);
    }

    /** Whether any of {@code [from, to)} is punctuation. */
    static boolean hasPunctuation(int[] norm, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isPunctuation(norm[i])) {
                return true;
            }
        }
        return false;
    }

    /** Ranges of bracketed stock codes in normalised text, brackets included: (600519), (000001.sz). */
    static List<Range> stockCodes(int[] norm) {
        List<Range> out = new ArrayList<>();
        for (int open = 0; open < norm.length; open++) {
            if (norm[open] != '(') {
                continue;
            }
            for (int close = open + 1; close < norm.length && close - open <= MAX_CODE + 1; close++) {
                if (norm[close] == ')') {
                    if (STOCK_CODE.matcher(new String(norm, open + 1, close - open - 1)).matches()) {
                        out.add(new Range(open, close + 1));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** Whether {@code [from, to)} overlaps one of {@code ranges}. */
    static boolean overlaps(List<Range> ranges, int from, int to) {
        return ranges.stream().anyMatch(r -> r.start() < to && from < r.end());
    }
}
