package org.companyner.label;

import java.util.ArrayList;
import java.util.List;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * Boundary repair: a mention edge that falls inside a HanLP word moves out to that word's edge (the
 * start back to the word's start, the end on to the word's end), so that 星河科 before 技有限 is not
 * left cut mid-word. Each edge is judged on its own; the characters an edge would take in (the rest
 * of the word) are refused, and the edge left where it was, when they
 * <ol>
 * <li>{@code name-end} (end edge only): follow a mention that already ends like a company
 * ({@link CompanyLike#ENDINGS}: 银行, 公司, 集团 ...), e.g. 重庆银行 + 前 of HanLP's 银/行前;</li>
 * <li>{@code stock-code}: touch a bracketed stock code ((600519), (000001.SZ));</li>
 * <li>{@code punctuation}: hold punctuation, a bracket, a symbol or whitespace (HanLP glues some,
 * e.g. 平安保险(集团 as one organisation word);</li>
 * <li>{@code verb}: belong to a verb (HanLP nature {@code v*}, noun-verbs such as 投资 included), e.g.
 * 腾讯投 + 资 of 投资;</li>
 * <li>{@code function-word}: belong to a word of a closed class, a time word, an adjective or a title
 * ({@link #FUNCTION_NATURES}: prepositions, conjunctions, particles, pronouns, adverbs, time and
 * direction words, numerals, measure words, adjectives, 记者/董事长 ...), or start (end edge) or end
 * (start edge) with a character of {@link #FUNCTION_CHARS} (和美 of 和美联银行, 行为 of 招行为);</li>
 * <li>{@code too-long}: are more than {@link #MAX_EXTRA} characters;</li>
 * <li>{@code mention}: overlap another mention.</li>
 * </ol>
 * The first guard that applies is reported. A moved mention keeps its score. Edges already on a word
 * edge, and characters HanLP could not place in a word, are left alone. Words are HanLP's dictionary
 * words ({@link Words#dictionaryOnly()}): its organisation and person recognisers glue prepositions and
 * titles onto names (用招商银行, 公司业务经理), which measured on CLUENER train moved gold edges outwards.
 */
public final class BoundaryRule implements RepairRule {
    /** Most characters one edge may take in: HanLP words longer than this are mostly glued phrases. */
    public static final int MAX_EXTRA = 4;
    /** HanLP (PKU/ICTCLAS) nature prefixes of words an edge never takes in, verbs apart. */
    public static final List<String> FUNCTION_NATURES = List.of("p", "c", "u", "r", "d", "t", "f", "m", "q", "y", "e", "o",
            "a", "b", "nnt");
    /**
     * Single characters that mostly stand alone as function words next to a name (和, 等, 为, 对, 上 ...):
     * dictionary words that hold one (行为, 和美, 对工) glue it onto an abbreviation, measured on CLUENER train.
     */
    public static final String FUNCTION_CHARS = "和与及或等对在为由将是的了于上下中从向把被给让也都就又还已曾前后内外里之其该此每各一二三四五六七八九十几";

    @Override
    public String name() {
        return "boundary";
    }

    @Override
    public Result apply(Document d, RepairContext c) {
        List<Entity> entities = new ArrayList<>(d.entities());
        List<RepairChange> changes = new ArrayList<>();
        List<Range> codes = null;
        int[] norm = c.normalised();
        for (int i = 0; i < entities.size(); i++) {
            Entity e = entities.get(i);
            int start = e.start();
            int end = e.end();
            Words.Word first = c.wordAt(e.start());
            Words.Word last = c.wordAt(e.end() - 1);
            String startGuard = null;
            String endGuard = null;
            if (first != null && first.start() < e.start()) {
                codes = codes == null ? RepairSpans.stockCodes(norm) : codes;
                startGuard = guard(norm, codes, entities, i, first, first.start(), e.start());
                start = startGuard == null ? first.start() : start;
            }
            if (last != null && last.end() > e.end()) {
                codes = codes == null ? RepairSpans.stockCodes(norm) : codes;
                endGuard = CompanyLike.hasCompanyEnding(e.text()) ? "name-end"
                        : guard(norm, codes, entities, i, last, e.end(), last.end());
                end = endGuard == null ? last.end() : end;
            }
            if (startGuard != null) {
                changes.add(RepairChange.refused(name(), e, respan(d, e, first.start(), e.end()), startGuard));
            }
            if (endGuard != null) {
                changes.add(RepairChange.refused(name(), e, respan(d, e, e.start(), last.end()), endGuard));
            }
            if (start != e.start() || end != e.end()) {
                Entity moved = respan(d, e, start, end);
                entities.set(i, moved);
                changes.add(RepairChange.changed(name(), e, moved));
            }
        }
        return new Result(changes.isEmpty() ? d : RepairSpans.with(d, entities), changes);
    }

    /** The guard that refuses taking {@code [from, to)} of {@code word} into mention {@code self}, or null. */
    private static String guard(int[] norm, List<Range> codes, List<Entity> entities, int self, Words.Word word, int from, int to) {
        if (RepairSpans.overlaps(codes, from, to)) {
            return "stock-code";
        }
        if (RepairSpans.hasPunctuation(norm, from, to)) {
            return "punctuation";
        }
        if (word.nature().startsWith("v")) {
            return "verb";
        }
        int next = from == word.start() ? norm[to - 1] : norm[from]; // the character beside the mention
        if (FUNCTION_NATURES.stream().anyMatch(word.nature()::startsWith) || FUNCTION_CHARS.indexOf(next) >= 0) {
            return "function-word";
        }
        if (to - from > MAX_EXTRA) {
            return "too-long";
        }
        if (RepairSpans.overlapsOther(entities, self, from, to)) {
            return "mention";
        }
        return null;
    }

    private static Entity respan(Document d, Entity e, int start, int end) {
        return Entity.of(d.text(), start, end, e.type(), e.score());
    }
}
