package org.companyner.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The aliases an article declares for itself: a company name directly followed by a bracket such as
 * {@code （以下简称“茅台”）}, {@code (简称:茅台)}, {@code （下称"茅台"）} or {@code （以下简称“公司”或“茅台”）}.
 * Offsets are code points of the article. Words that stand for any company (公司, 本公司, 发行人…) are
 * never aliases.
 */
public final class DocumentAliases {
    private static final List<String> KEYWORDS = List.of("以下简称", "以下称", "以下称为", "下称", "简称", "以下合称", "合称");
    private static final Set<Integer> OPEN_QUOTES = Set.of((int) '“', (int) '"', (int) '「', (int) '『', (int) '\'', (int) '‘', (int) '《');
    private static final Set<Integer> CLOSE_QUOTES = Set.of((int) '”', (int) '"', (int) '」', (int) '』', (int) '\'', (int) '’', (int) '》');
    private static final int MAX_ALIAS = 16;

    private DocumentAliases() {
    }

    /**
     * One declaration.
     *
     * @param nameEnd    code point where the declared company's name ends (the bracket's position)
     * @param alias      the alias as written
     * @param aliasStart code point where the alias starts inside the bracket
     */
    public record Declaration(int nameEnd, String alias, int aliasStart) {
        public int aliasEnd() {
            return aliasStart + alias.codePointCount(0, alias.length());
        }
    }

    /** Every declaration in {@code cps} (an article's code points), in order. */
    public static List<Declaration> find(int[] cps) {
        List<Declaration> out = new ArrayList<>();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] != '（' && cps[i] != '(') {
                continue;
            }
            int p = i + 1;
            String kw = null;
            for (String k : KEYWORDS) {
                if (startsWith(cps, p, k) && (kw == null || k.length() > kw.length())) {
                    kw = k;
                }
            }
            if (kw == null) {
                continue;
            }
            p += kw.length();
            if (p < cps.length && (cps[p] == '为' || cps[p] == ':' || cps[p] == '：')) {
                p++;
            }
            while (p < cps.length && (cps[p] == ':' || cps[p] == '：' || cps[p] == ' ')) {
                p++;
            }
            // items: "X" or "X" 或 "Y", or one unquoted X up to the closing bracket
            while (p < cps.length) {
                if (OPEN_QUOTES.contains(cps[p])) {
                    int s = p + 1;
                    int e = s;
                    while (e < cps.length && e - s <= MAX_ALIAS && !CLOSE_QUOTES.contains(cps[e]) && cps[e] != '）' && cps[e] != ')') {
                        e++;
                    }
                    if (e >= cps.length || !CLOSE_QUOTES.contains(cps[e])) {
                        break;
                    }
                    add(out, i, cps, s, e);
                    p = e + 1;
                    if (p < cps.length && (cps[p] == '或' || cps[p] == '、' || cps[p] == ',' || cps[p] == '，' || cps[p] == '及' || cps[p] == '和')) {
                        p++;
                        continue;
                    }
                    break;
                }
                int s = p;
                int e = s;
                while (e < cps.length && e - s <= MAX_ALIAS && cps[e] != '）' && cps[e] != ')' && cps[e] != '，'
                        && cps[e] != ',' && cps[e] != '；' && cps[e] != '。' && cps[e] != '、' && cps[e] != '或') {
                    e++;
                }
                if (e < cps.length && (cps[e] == '）' || cps[e] == ')')) {
                    add(out, i, cps, s, e);
                }
                break;
            }
        }
        return out;
    }

    private static void add(List<Declaration> out, int bracket, int[] cps, int s, int e) {
        if (e - s < 2 || e - s > MAX_ALIAS) {
            return;
        }
        String alias = new String(cps, s, e - s);
        String key = Names.key(alias);
        if (key.endsWith("子公司") || key.endsWith("分公司") || key.endsWith("母公司") || key.endsWith("总公司")) {
            return; // 海外子公司 ("overseas subsidiary"): a description, not a name
        }
        if (Aliases.GENERIC.contains(key) || !alias.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '·')) {
            return;
        }
        out.add(new Declaration(bracket, alias, s));
    }

    private static boolean startsWith(int[] cps, int at, String word) {
        int[] w = word.codePoints().toArray();
        if (at + w.length > cps.length) {
            return false;
        }
        for (int k = 0; k < w.length; k++) {
            if (cps[at + k] != w[k]) {
                return false;
            }
        }
        return true;
    }
}
