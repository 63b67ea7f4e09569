package org.companyner.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * Legal-suffix repair: where a legal suffix (the 162 of {@code companynameparser_suffix.txt}) follows
 * a mention directly, the mention grows over it: 万科企业 + 股份有限公司 → 万科企业股份有限公司.
 *
 * <p>The LONGEST suffix wins: every end reachable from the mention's end by up to {@link #MAX_PARTS}
 * suffixes written back to back (股份有限公司, or 集团股份 + 有限公司) is a candidate, and the farthest
 * one that passes the guards is taken; the published rule took the first suffix in the list and so
 * stopped at 股份 or 有限. One bracketed part of up to {@link #MAX_BRACKET} letters may come first
 * (中国平安保险 + （集团）股份有限公司): it is taken only together with a suffix after it, and never
 * when it holds a digit (a stock code such as （600519）).
 *
 * <p>Guards, checked on the farthest candidate first (the first refusal is reported when no candidate passes):
 * {@code word-edge}: the suffix must end where a HanLP word ends (no 部 of 部分, no 店 of 店铺);
 * {@code mention}: it must not reach into another mention; {@code too-long}: the mention must stay
 * within {@link SuffixSource#MAX_LENGTH} characters. 子公司 is not taken as a suffix (腾讯子公司 names a
 * relation, not a company).
 * A grown mention keeps its score.
 */
public final class SuffixRule implements RepairRule {
    /** Most suffixes chained after one mention (集团 + 股份 + 有限公司). */
    public static final int MAX_PARTS = 3;
    /** Most letters inside a bracketed part before the suffix: （集团）, （中国）, （深圳）, （控股）. */
    public static final int MAX_BRACKET = 8;
    private static final Set<String> EXCLUDED = Set.of("子公司");

    private final Set<String> suffixes = new HashSet<>();
    private final int longest;

    /** @param suffixes legal suffixes (e.g. the 162 of companynameparser_suffix.txt), compared normalised */
    public SuffixRule(Collection<String> suffixes) {
        int max = 0;
        for (String s : suffixes) {
            String key = Gazetteer.key(s);
            if (!key.isEmpty() && !EXCLUDED.contains(key)) {
                this.suffixes.add(key);
                max = Math.max(max, CodePoints.length(key));
            }
        }
        this.longest = max;
    }

    @Override
    public String name() {
        return "suffix";
    }

    @Override
    public Result apply(Document d, RepairContext c) {
        int[] norm = c.normalised();
        List<Entity> entities = new ArrayList<>(d.entities());
        List<RepairChange> changes = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            Entity e = entities.get(i);
            int from = afterBracket(norm, e.end());
            TreeSet<Integer> ends = chainEnds(norm, from); // a bracket counts only with a suffix after it
            if (ends.isEmpty()) {
                continue;
            }
            String firstRefusal = null;
            int chosen = -1;
            for (int end : ends.descendingSet()) {
                String guard = guard(c, entities, i, e, end);
                if (guard == null) {
                    chosen = end;
                    break;
                }
                firstRefusal = firstRefusal == null ? guard : firstRefusal;
            }
            if (chosen > 0) {
                Entity grown = Entity.of(d.text(), e.start(), chosen, e.type(), e.score());
                entities.set(i, grown);
                changes.add(RepairChange.changed(name(), e, grown));
            } else {
                changes.add(RepairChange.refused(name(), e, Entity.of(d.text(), e.start(), ends.last(), e.type(), e.score()),
                        firstRefusal));
            }
        }
        return new Result(changes.stream().anyMatch(ch -> ch.kind() == RepairChange.Kind.CHANGED)
                ? RepairSpans.with(d, entities) : d, changes);
    }

    private static String guard(RepairContext c, List<Entity> entities, int self, Entity e, int end) {
        Words.Word w = c.wordAt(end - 1);
        if (w != null && w.end() != end) {
            return "word-edge";
        }
        if (RepairSpans.overlapsOther(entities, self, e.end(), end)) {
            return "mention";
        }
        if (end - e.start() > SuffixSource.MAX_LENGTH) {
            return "too-long";
        }
        return null;
    }

    /** Where a suffix may start after a mention ending at {@code end}: after one bracketed part of letters, or at {@code end}. */
    static int afterBracket(int[] norm, int end) {
        if (end >= norm.length || norm[end] != '(') {
            return end;
        }
        for (int i = end + 1; i < norm.length && i - end <= MAX_BRACKET + 1; i++) {
            if (norm[i] == ')') {
                return i > end + 1 ? i + 1 : end;
            }
            if (!Character.isLetter(norm[i])) {
                return end; // digits (stock codes), punctuation, spaces: not part of a name
            }
        }
        return end;
    }

    /**
     * Every end reachable from {@code from} by one to {@link #MAX_PARTS} suffixes written back to back.
     */
    TreeSet<Integer> chainEnds(int[] norm, int from) {
        TreeSet<Integer> ends = new TreeSet<>();
        List<Integer> frontier = List.of(from);
        for (int part = 0; part < MAX_PARTS && !frontier.isEmpty(); part++) {
            List<Integer> next = new ArrayList<>();
            for (int p : frontier) {
                for (int end : suffixEnds(norm, p)) {
                    if (ends.add(end)) {
                        next.add(end);
                    }
                }
            }
            frontier = next;
        }
        return ends;
    }

    /** Ends of every suffix starting at {@code p}, shortest first. */
    private List<Integer> suffixEnds(int[] norm, int p) {
        List<Integer> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int end = p + 1; end <= norm.length && end - p <= longest; end++) {
            sb.appendCodePoint(norm[end - 1]);
            if (suffixes.contains(sb.toString())) {
                out.add(end);
            }
        }
        return out;
    }
}
