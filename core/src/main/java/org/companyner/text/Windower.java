package org.companyner.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an article into windows of at most {@code maxLen} code points.
 *
 * <p>The article is split into sentences (see {@link #sentenceEnds(int[])}); consecutive
 * sentences are packed greedily into windows, so a window never splits a sentence unless that
 * sentence alone is longer than {@code maxLen}. Such a sentence is cut into windows of exactly
 * {@code maxLen} that share at least {@code overlap} positions with their neighbours; each shared
 * stretch is split in its middle so that every position is owned by the window where it is more
 * central. The own ranges of the result partition {@code [0, n)} in order, and each is non-empty.
 */
public final class Windower {
    private final int maxLen;
    private final int overlap;

    /**
     * @param maxLen  most code points the model reads at once, at least 8
     * @param overlap positions shared by neighbouring windows inside an over-long sentence,
     *                {@code 0 <= overlap < maxLen / 2}
     */
    public Windower(int maxLen, int overlap) {
        if (maxLen < 8) {
            throw new IllegalArgumentException("maxLen must be at least 8, got " + maxLen);
        }
        if (overlap < 0 || 2 * overlap >= maxLen) {
            throw new IllegalArgumentException("overlap must be in [0, maxLen/2), got " + overlap);
        }
        this.maxLen = maxLen;
        this.overlap = overlap;
    }

    public int maxLen() {
        return maxLen;
    }

    public int overlap() {
        return overlap;
    }

    /**
     * The windows for an article given as code points; empty for an empty article. Own ranges
     * partition {@code [0, codePoints.length)} in order; every window is at most {@code maxLen}.
     */
    public List<Window> windows(int[] codePoints) {
        List<Window> out = new ArrayList<>();
        int packStart = 0;
        int packEnd = 0;
        for (int end : sentenceEnds(codePoints)) {
            int start = packEnd;
            if (end - packStart <= maxLen) {
                packEnd = end;
                continue;
            }
            if (packEnd > packStart) {
                out.add(new Window(packStart, packEnd, packStart, packEnd));
            }
            if (end - start <= maxLen) {
                packStart = start;
                packEnd = end;
            } else {
                cut(start, end, out);
                packStart = end;
                packEnd = end;
            }
        }
        if (packEnd > packStart) {
            out.add(new Window(packStart, packEnd, packStart, packEnd));
        }
        return out;
    }

    /** Cuts {@code [from, to)}, longer than maxLen, into overlapping windows of length maxLen. */
    private void cut(int from, int to, List<Window> out) {
        int stride = maxLen - overlap;
        List<Integer> starts = new ArrayList<>();
        for (int s = from; ; s += stride) {
            if (s + maxLen >= to) {
                starts.add(to - maxLen);
                break;
            }
            starts.add(s);
        }
        int ownStart = from;
        for (int k = 0; k < starts.size(); k++) {
            int s = starts.get(k);
            int e = s + maxLen;
            int ownEnd = k + 1 < starts.size() ? (starts.get(k + 1) + e) >>> 1 : to;
            out.add(new Window(s, e, ownStart, ownEnd));
            ownStart = ownEnd;
        }
    }

    /**
     * End offsets (exclusive) of the sentences of an article, ascending; the last is
     * {@code codePoints.length}; empty for an empty article. A sentence ends after any of
     * {@code 。！？!?；;} (plus any further terminators and closing quotes/brackets {@code ”’」』)）"}
     * directly after it) or after a line break ({@code \n}, {@code \r\n} or {@code \r}); a run of
     * whitespace that follows stays with the sentence before it.
     */
    public static int[] sentenceEnds(int[] codePoints) {
        int n = codePoints.length;
        int[] ends = new int[n];
        int count = 0;
        int i = 0;
        while (i < n) {
            int c = codePoints[i++];
            boolean punct = isTerminator(c);
            if (!punct && c != '\n' && c != '\r') {
                continue;
            }
            if (punct) {
                while (i < n && (isTerminator(codePoints[i]) || isCloser(codePoints[i]))) {
                    i++;
                }
            }
            while (i < n && isSpace(codePoints[i])) {
                i++;
            }
            ends[count++] = i;
        }
        if (n > 0 && (count == 0 || ends[count - 1] != n)) {
            ends[count++] = n;
        }
        return Arrays.copyOf(ends, count);
    }

    private static boolean isTerminator(int c) {
        return switch (c) {
            case '。', '！', '？', '!', '?', '；', ';' -> true;
            default -> false;
        };
    }

    private static boolean isCloser(int c) {
        return switch (c) {
            case '”', '’', '」', '』', ')', '）', '"' -> true;
            default -> false;
        };
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
