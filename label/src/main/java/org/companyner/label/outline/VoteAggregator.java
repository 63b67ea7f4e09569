package org.companyner.label.outline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * Turns the spans several labelling sources propose for one sentence into one partially labelled
 * {@link Document}: mentions with a confidence, unknown positions, and O everywhere else.
 *
 * <ol>
 * <li><b>Candidates.</b> Each distinct {@code [start, end)} any source proposes. Its confidence is the
 * noisy-OR of the sources that propose exactly it, {@code 1 − Π(1 − c_i)} (each source counted once),
 * treating the sources' priors as independent votes (Pearl 1988, ch. 4.3; the "noisy-OR" of
 * Snorkel-style label models without a learned correlation structure).</li>
 * <li><b>Mentions.</b> Candidates in order of confidence (then longer, then earlier) become mentions
 * when their confidence reaches {@code accept}, they overlap no mention chosen before, and they beat
 * every overlapping rival candidate by at least {@code margin}. The mention's score is its confidence.</li>
 * <li><b>Unknown.</b> Every position of a candidate that did not become a mention (a rival of a
 * different extent, or a vote below the threshold, e.g. the brand list's 0.2) is unknown, unless a
 * mention covers it: the sources disagree there, so neither B/I nor O is taught.</li>
 * <li><b>Untouched positions</b> (no candidate covers them) follow {@link OutlineOptions.Untouched}: by
 * default ({@code CUE}) they are O when the sentence is explained, i.e. no company cue word
 * ({@link #CUES}, with two letters before it that are not an anaphoric 本/该/其…) lies outside every
 * candidate, and the sentence has a mention or no candidate at all; otherwise they are unknown too.
 * Naive all-O weak labels cost 11 points of CLUENER F1 (STACK.md), because names no source lists were
 * taught as O; a cue word that no span explains is where such a name most likely hides.</li>
 * </ol>
 * Ties and orders are fixed, so the same votes always give the same document.
 */
public final class VoteAggregator {
    /** Words that say "a company is named here" (the legal endings of {@code CompanyLike} and the brand cues). */
    public static final List<String> CUES = List.of("公司", "集团", "银行", "证券", "控股", "股份", "有限", "信托",
            "期货", "企业", "厂商", "巨头", "品牌", "旗下", "董事长", "总裁", "首席执行官", "CEO", "创始人");
    /** Characters before a cue that make it anaphoric or structural (本公司, 该集团, 子公司) rather than a name's end. */
    private static final Set<Integer> ANAPHORIC = Set.of((int) '本', (int) '该', (int) '其', (int) '我', (int) '贵',
            (int) '子', (int) '母', (int) '总', (int) '分', (int) '此', (int) '这', (int) '那', (int) '各', (int) '家');
    private static final double EPS = 1e-9;

    /** One candidate span and the sources (indices into the source list) that proposed exactly it. */
    public record Candidate(int start, int end, double confidence, List<Integer> sources) {
        boolean overlaps(Candidate o) {
            return start < o.end && o.start < end;
        }
    }

    /** The aggregated sentence, and its candidates for agreement counts. */
    public record Result(Document document, List<Candidate> candidates) {
    }

    private VoteAggregator() {
    }

    /**
     * Aggregates the votes on one text.
     *
     * @param text    the sentence
     * @param votes   per source (in a fixed order), its spans on {@code text}; scores are confidences in [0, 1]
     * @param accept  confidence a candidate needs to become a mention
     * @param margin  how far a mention must beat each overlapping rival
     * @param untouched what uncovered positions become
     * @throws IllegalArgumentException if a span lies outside the text
     */
    public static Result aggregate(String text, List<List<Entity>> votes, double accept, double margin,
                                   OutlineOptions.Untouched untouched) {
        int n = CodePoints.length(text);
        Map<Range, double[]> notProb = new LinkedHashMap<>(); // Π(1 - c)
        Map<Range, List<Integer>> by = new LinkedHashMap<>();
        for (int s = 0; s < votes.size(); s++) {
            for (Entity e : votes.get(s)) {
                if (e.end() > n) {
                    throw new IllegalArgumentException("span " + e.text() + " [" + e.start() + ", " + e.end()
                            + ") of source " + s + " lies outside a text of " + n + " code points");
                }
                Range r = new Range(e.start(), e.end());
                List<Integer> who = by.computeIfAbsent(r, k -> new ArrayList<>());
                if (who.contains(s)) {
                    continue;
                }
                who.add(s);
                double c = Math.min(1, Math.max(0, e.score()));
                notProb.computeIfAbsent(r, k -> new double[] {1})[0] *= 1 - c;
            }
        }
        List<Candidate> candidates = new ArrayList<>(by.size());
        for (var e : by.entrySet()) {
            Range r = e.getKey();
            candidates.add(new Candidate(r.start(), r.end(), 1 - notProb.get(r)[0], List.copyOf(e.getValue())));
        }
        candidates.sort(Comparator.comparingInt(Candidate::start).thenComparingInt(Candidate::end));

        List<Candidate> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparingDouble(Candidate::confidence).reversed()
                .thenComparing(Comparator.comparingInt((Candidate c) -> c.end - c.start).reversed())
                .thenComparingInt(Candidate::start));
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : order) {
            if (c.confidence() < accept - EPS) {
                break;
            }
            if (chosen.stream().anyMatch(c::overlaps)) {
                continue;
            }
            boolean beatsRivals = candidates.stream()
                    .noneMatch(r -> r != c && r.overlaps(c) && c.confidence() - r.confidence() < margin - EPS);
            if (beatsRivals) {
                chosen.add(c);
            }
        }
        chosen.sort(Comparator.comparingInt(Candidate::start));

        boolean[] unknown = new boolean[n];
        boolean[] touched = new boolean[n];
        for (Candidate c : candidates) {
            for (int i = c.start; i < c.end; i++) {
                touched[i] = true;
                unknown[i] = true;
            }
        }
        List<Entity> entities = new ArrayList<>(chosen.size());
        for (Candidate c : chosen) {
            entities.add(Entity.of(text, c.start, c.end, Entity.COMPANY, c.confidence()));
            for (int i = c.start; i < c.end; i++) {
                unknown[i] = false;
            }
        }
        if (!untouchedIsO(text, touched, !chosen.isEmpty(), !candidates.isEmpty(), untouched)) {
            for (int i = 0; i < n; i++) {
                if (!touched[i]) {
                    unknown[i] = true;
                }
            }
        }
        return new Result(new Document(text, entities, ranges(unknown), null), List.copyOf(candidates));
    }

    private static boolean untouchedIsO(String text, boolean[] touched, boolean hasMention, boolean hasCandidate,
                                        OutlineOptions.Untouched policy) {
        return switch (policy) {
            case O -> true;
            case UNKNOWN -> hasMention;
            case CUE -> (hasMention || !hasCandidate) && !unexplainedCue(CodePoints.of(text), touched);
        };
    }

    /** Whether a company cue word, with two letters before it that are not anaphoric, lies wholly on untouched positions. */
    static boolean unexplainedCue(int[] cps, boolean[] touched) {
        for (String cue : CUES) {
            int[] w = CodePoints.of(cue);
            for (int p = 2; p + w.length <= cps.length; p++) {
                if (!java.util.Arrays.equals(cps, p, p + w.length, w, 0, w.length)) {
                    continue;
                }
                if (ANAPHORIC.contains(cps[p - 1]) || !Character.isLetter(cps[p - 1]) || !Character.isLetter(cps[p - 2])) {
                    continue;
                }
                boolean free = true;
                for (int i = p; i < p + w.length; i++) {
                    free &= !touched[i];
                }
                if (free) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Range> ranges(boolean[] marks) {
        List<Range> out = new ArrayList<>();
        int i = 0;
        while (i < marks.length) {
            if (!marks[i]) {
                i++;
                continue;
            }
            int s = i;
            while (i < marks.length && marks[i]) {
                i++;
            }
            out.add(new Range(s, i));
        }
        return out;
    }
}
