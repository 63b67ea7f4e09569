package org.companyner.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Range;

/**
 * Leftmost-longest matching of a string list over normalised code points. Entries are compared in
 * {@link Gazetteer#key} form (normalised, whitespace removed); every proper prefix is stored too, so
 * a match grows only while it is still the prefix of an entry (as in {@link Gazetteer}).
 */
final class NameMatcher {
    /** Normalised entry or prefix → whether it is a whole entry. */
    private final Map<String, Boolean> keys = new HashMap<>();
    private final int size;

    /** A matcher of the entries that have at least {@code minLength} code points after normalising. */
    NameMatcher(Collection<String> entries, int minLength) {
        int n = 0;
        for (String e : entries) {
            String key = Gazetteer.key(e);
            if (key.codePointCount(0, key.length()) < minLength) {
                continue;
            }
            if (!Boolean.TRUE.equals(keys.put(key, true))) {
                n++;
            }
            for (int i = key.offsetByCodePoints(0, 1); i < key.length(); i = key.offsetByCodePoints(i, 1)) {
                keys.putIfAbsent(key.substring(0, i), false);
            }
        }
        size = n;
    }

    /** Number of distinct entries. */
    int size() {
        return size;
    }

    boolean contains(String name) {
        return Boolean.TRUE.equals(keys.get(Gazetteer.key(name)));
    }

    /** End (exclusive) of the longest entry starting at {@code start} in {@code text}, or -1 if none does. */
    int longestAt(int[] text, int start) {
        StringBuilder sb = new StringBuilder();
        int best = -1;
        for (int end = start + 1; end <= text.length; end++) {
            sb.appendCodePoint(text[end - 1]);
            Boolean entry = keys.get(sb.toString());
            if (entry == null) {
                break;
            }
            if (entry) {
                best = end;
            }
        }
        return best;
    }

    /** Non-overlapping matches, scanning left to right and taking the longest entry at each start. */
    List<Range> matches(int[] text) {
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < text.length; ) {
            int end = longestAt(text, i);
            if (end > 0) {
                out.add(new Range(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }
}
