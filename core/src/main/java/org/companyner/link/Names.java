package org.companyner.link;

import org.companyner.text.Normalizer;

import java.util.List;

/**
 * Company-name normal forms. {@link #key} is what aliases and mentions are compared by: full-width
 * ASCII made half-width, Latin lower-cased (as the model's {@link Normalizer}), whitespace removed and
 * every bracket made {@code ()}. {@link #display} is the same with case kept and Chinese brackets
 * {@code （）}, as registered names are written.
 */
public final class Names {
    /** Legal and group suffixes, longest first (the forms in the registered names of the A-share lists). */
    static final List<String> LEGAL_SUFFIXES = List.of(
            "集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "有限公司",
            "股份公司", "集团公司", "(集团)", "(控股)", "(中国)", "集团", "控股", "公司");

    private Names() {
    }

    /** The comparison key of {@code s} (never null; may be empty). */
    public static String key(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int n = Normalizer.normalize(bracket(cp));
            if (n != ' ') {
                b.appendCodePoint(n);
            }
        });
        return b.toString();
    }

    /** {@code s} with full-width ASCII made half-width, whitespace removed and brackets written {@code （）}. */
    public static String display(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int n = bracket(cp);
            if (n >= 0xFF01 && n <= 0xFF5E) {
                n -= 0xFF01 - 0x21;
            }
            if (n == '(') {
                n = '（';
            } else if (n == ')') {
                n = '）';
            }
            if (!Character.isWhitespace(n) && !Character.isSpaceChar(n)) {
                b.appendCodePoint(n);
            }
        });
        return b.toString();
    }

    private static int bracket(int cp) {
        return switch (cp) {
            case '（', '〔', '【', '［', '[' -> '(';
            case '）', '〕', '】', '］', ']' -> ')';
            default -> cp;
        };
    }

    /**
     * {@code key} without its legal suffixes and a short trailing bracket (repeatedly: 腾讯科技(深圳)有限公司
     * → 腾讯科技), or {@code key}.
     */
    static String stripLegalSuffix(String key) {
        String k = key;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String s : LEGAL_SUFFIXES) {
                if (k.endsWith(s) && k.length() - s.length() >= 2) {
                    k = k.substring(0, k.length() - s.length());
                    changed = true;
                    break;
                }
            }
            int open = k.lastIndexOf('(');
            if (!changed && k.endsWith(")") && open >= 2 && k.length() - open <= 6) {
                k = k.substring(0, open); // a trailing region or qualifier: 腾讯科技(深圳) → 腾讯科技
                changed = true;
            }
        }
        return k;
    }
}
