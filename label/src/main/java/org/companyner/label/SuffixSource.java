package org.companyner.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * Legal-suffix rule: a name followed by one of the suffixes of {@code companynameparser_suffix.txt}
 * (有限公司, 股份有限公司, 集团, 银行 ...).
 *
 * <p>Right edge: at each position the LONGEST suffix starting there (股份有限公司, not 股份); the
 * suffix must end where a HanLP word ends and start where one starts (no 店 in 酒店, no 部 in 全部), or
 * inside an organisation word ({@code nt}: HanLP tags 企业股份有限公司 as one word).
 * Candidates are taken right to left, and a suffix inside an already found name is skipped, so the
 * 集团 of 中国平安保险（集团）股份有限公司 stays inside the name.
 *
 * <p>Left edge: walk back from the suffix one HanLP word at a time; a bracket pair, full- or
 * half-width, is taken whole (（集团）); stop before punctuation, whitespace, an unmatched opening
 * bracket, a word of a {@link #STOP_NATURES stop nature} (verbs, prepositions, conjunctions,
 * pronouns, adverbs, numerals, measure words, time words ...; noun-verbs such as 投资 stay), a
 * quantity word (一家, 两个), or a
 * word ending in 公司 (two names written back to back). A name longer than {@link #MAX_LENGTH} has no
 * trustworthy left edge and is dropped, as is a body (name without the suffix) of fewer than two
 * characters (子公司, 本公司) or a body that is itself a generic word (科技公司, 保险公司: the suffix,
 * industry and finance-term lists given to the constructor).
 *
 * <p>Confidence: {@link #STRONG_CONFIDENCE} when the suffix holds a legal-form word (公司, 集团, 银行,
 * 股份, 有限, 控股), {@link #WEAK_CONFIDENCE} for the shop and unit suffixes (店, 厂, 部, 中心 ...).
 */
public final class SuffixSource implements LabellingSource {
    public static final int MAX_LENGTH = 30;
    public static final double STRONG_CONFIDENCE = 0.7;
    public static final double WEAK_CONFIDENCE = 0.2;
    /** HanLP nature prefixes that end a name on its left (PKU/ICTCLAS tag set; {@code vn} is excluded below). */
    public static final List<String> STOP_NATURES = List.of("w", "v", "p", "c", "u", "r", "d", "y", "e", "o", "m",
            "q", "t", "f", "b", "z");
    private static final Pattern QUANTITY = Pattern.compile("[一二三四五六七八九十两几数多每某各该这那][家个只间所]");
    private static final List<String> STRONG = List.of("公司", "集团", "银行", "股份", "有限", "控股");

    private final NameMatcher suffixes;
    private final Set<String> generic = new HashSet<>();
    private final Words words = new Words();

    /**
     * @param suffixes legal suffixes (e.g. the 162 of companynameparser_suffix.txt)
     * @param generic  words that are no name on their own before a suffix (industry words, finance terms)
     */
    public SuffixSource(Collection<String> suffixes, Collection<String> generic) {
        this.suffixes = new NameMatcher(suffixes, 1);
        suffixes.forEach(s -> this.generic.add(Gazetteer.key(s)));
        generic.forEach(s -> this.generic.add(Gazetteer.key(s)));
    }

    @Override
    public String name() {
        return "suffix";
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        return texts.stream().map(this::label).toList();
    }

    private List<Entity> label(String text) {
        int[] norm = Texts.normalised(text);
        List<Words.Word> ws = words.of(norm);
        Words.Word[] wordAt = new Words.Word[norm.length];
        for (Words.Word w : ws) {
            for (int i = w.start(); i < w.end(); i++) {
                wordAt[i] = w;
            }
        }
        List<Range> candidates = new ArrayList<>();
        for (int i = 0; i < norm.length; i++) {
            int end = suffixes.longestAt(norm, i);
            if (end > 0 && wordAt[i] != null && (wordAt[i].start() == i || wordAt[i].nature().startsWith("nt"))
                    && wordAt[end - 1] != null && wordAt[end - 1].end() == end) {
                candidates.add(new Range(i, end));
            }
        }
        candidates.sort(Comparator.comparingInt(Range::end).reversed().thenComparingInt(Range::start));
        List<Entity> found = new ArrayList<>();
        int leftmost = Integer.MAX_VALUE; // start of the leftmost name found so far
        int lastEnd = -1;
        for (Range suffix : candidates) {
            if (suffix.end() > leftmost || suffix.end() == lastEnd) {
                continue; // inside a name already found, or a shorter suffix where the longest one was judged
            }
            lastEnd = suffix.end();
            int start = leftEdge(norm, wordAt, suffix.start(), suffix.end());
            if (start < 0 || suffix.start() - start < 2 || generic.contains(key(norm, start, suffix.start()))) {
                continue;
            }
            String suffixText = key(norm, suffix.start(), suffix.end());
            double confidence = STRONG.stream().anyMatch(suffixText::contains) ? STRONG_CONFIDENCE : WEAK_CONFIDENCE;
            found.add(Entity.of(text, start, suffix.end(), Entity.COMPANY, confidence));
            leftmost = start;
        }
        found.sort(Comparator.comparingInt(Entity::start));
        return found;
    }

    /** Start of the name whose suffix starts at {@code from}, or -1 when the name would exceed {@link #MAX_LENGTH}. */
    static int leftEdge(int[] norm, Words.Word[] wordAt, int from, int end) {
        int pos = Math.min(from, wordAt[from].start()); // HanLP glues 企业股份有限公司 into one nt word
        while (pos > 0) {
            int c = norm[pos - 1];
            int next;
            if (c == ')') {
                next = openingBracket(norm, pos - 1);
                if (next < 0) {
                    break;
                }
            } else {
                Words.Word w = wordAt[pos - 1];
                if (w == null || c == ' ' || c == '(' || stops(w) || w.text().endsWith("公司")) {
                    break;
                }
                next = Math.max(w.start(), 0);
            }
            if (end - next > MAX_LENGTH) {
                return -1;
            }
            pos = next;
        }
        return pos;
    }

    private static boolean stops(Words.Word w) {
        if (QUANTITY.matcher(w.text()).matches()) {
            return true; // 一家, 两个, 几家: HanLP tags 一家 as a noun
        }
        String n = w.nature();
        if (n.startsWith("vn") || n.startsWith("nt") || n.startsWith("nz") || n.startsWith("ns") || n.startsWith("nr")) {
            return false;
        }
        return STOP_NATURES.stream().anyMatch(n::startsWith) || !Character.isLetterOrDigit(w.text().codePointAt(0));
    }

    /** Position of the '(' that opens the ')' at {@code close} (brackets already normalised to ASCII), or -1. */
    private static int openingBracket(int[] norm, int close) {
        for (int i = close - 1; i >= 0 && close - i <= MAX_LENGTH; i--) {
            if (norm[i] == '(') {
                return i;
            }
            if (norm[i] == ')' || norm[i] == ' ') {
                return -1;
            }
        }
        return -1;
    }

    private static String key(int[] norm, int from, int to) {
        return new String(norm, from, to - from);
    }
}
