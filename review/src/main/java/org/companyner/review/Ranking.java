package org.companyner.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.runtime.Annotation;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Tags;

/**
 * Ranks sentences by how much a correction is likely to change: the model–label disagreement, weighted by
 * how often the disputed surface forms occur in the data.
 *
 * <p>A dispute is a span found by exactly one side (exact {@code [start, end)} match). Its weight is the
 * model's disagreement with the label: for a label span the model does not find, {@code 1 − p}, where p is the
 * model's probability of that span (the smallest CRF marginal along it: B at the start, I inside, not I after
 * the end — an upper bound on the span's joint probability that needs no extra forward-backward pass); for a model
 * span the labels lack, the model's own confidence. A sentence's score is the sum over its disputes of
 * {@code weight × (1 + ln f)}, where f is the number of sentences in which that surface form is a label or model
 * span: a decision on a frequent name is offered for its other occurrences, so it buys more. Sentences with no
 * dispute are not queued. Ties keep data order.
 */
public final class Ranking {
    /** The ranking in words, recorded in the queue header. */
    public static final String DESCRIPTION = "sum over disputed spans of model-label disagreement "
            + "(label span the model misses: 1 - min marginal along it; model span the labels lack: its confidence) "
            + "x (1 + ln frequency of the surface form as a span in the data)";

    private Ranking() {
    }

    /**
     * The queue items of {@code docs} (labels) and {@code model} (the model's annotation of the same texts, in
     * order): every sentence, ranked ones first in rank order, then the others in data order.
     */
    public static List<QueueItem> rank(List<Document> docs, List<Annotation> model) {
        return rank(docs, model, 0);
    }

    /**
     * As {@link #rank(List, List)}, then the {@code uncertain} agreed sentences where the model is least sure are
     * queued after the disputed ones, ranked by {@link #uncertainty}: mentions that neither the labels nor the model
     * find never cause a dispute, and this is where they can still reach a reviewer.
     */
    public static List<QueueItem> rank(List<Document> docs, List<Annotation> model, int uncertain) {
        if (docs.size() != model.size()) {
            throw new IllegalArgumentException(docs.size() + " documents, " + model.size() + " annotations");
        }
        Map<String, Integer> frequency = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            Set<String> forms = new HashSet<>();
            docs.get(i).entities().forEach(e -> forms.add(e.text()));
            model.get(i).entities().forEach(e -> forms.add(e.text()));
            forms.forEach(f -> frequency.merge(f, 1, Integer::sum));
        }
        List<QueueItem> items = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            Document doc = docs.get(i);
            Annotation a = model.get(i);
            List<Dispute> disputes = disputes(doc.entities(), a);
            double score = 0;
            for (Dispute d : disputes) {
                score += d.weight() * (1 + Math.log(frequency.getOrDefault(d.text(), 1)));
            }
            items.add(new QueueItem(Integer.toString(i), doc.text(), doc.entities(), doc.unknown(), a.entities(),
                    disputes, score, 0));
        }
        List<QueueItem> queued = new ArrayList<>(items.stream().filter(q -> !q.disputes().isEmpty()).toList());
        queued.sort(Comparator.comparingDouble(QueueItem::score).reversed()); // stable: ties keep data order
        List<QueueItem> out = new ArrayList<>(items.size());
        int rank = 0;
        for (QueueItem q : queued) {
            out.add(new QueueItem(q.id(), q.text(), q.labels(), q.unknown(), q.model(), q.disputes(), q.score(), ++rank));
        }
        List<QueueItem> agreed = new ArrayList<>();
        List<Double> doubt = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).disputes().isEmpty()) {
                agreed.add(items.get(i));
                doubt.add(uncertainty(docs.get(i), model.get(i).marginals()));
            }
        }
        List<Integer> byDoubt = new ArrayList<>();
        for (int i = 0; i < agreed.size(); i++) {
            byDoubt.add(i);
        }
        byDoubt.sort((a, b) -> Double.compare(doubt.get(b), doubt.get(a))); // stable: ties keep data order
        Set<Integer> chosen = new HashSet<>();
        for (int i : byDoubt.subList(0, Math.min(Math.max(0, uncertain), byDoubt.size()))) {
            if (doubt.get(i) <= 0) {
                break;
            }
            QueueItem q = agreed.get(i);
            out.add(new QueueItem(q.id(), q.text(), q.labels(), q.unknown(), q.model(), q.disputes(), doubt.get(i), ++rank));
            chosen.add(i);
        }
        for (int i = 0; i < agreed.size(); i++) {
            if (!chosen.contains(i)) {
                out.add(agreed.get(i));
            }
        }
        return out;
    }

    /**
     * How unsure the model is about a sentence it agrees with the labels on: the expected number of positions whose
     * most likely tag is wrong, {@code Σ (1 − max_t p_i(t))}, plus the expected mention mass on positions the labels
     * leave unknown, {@code Σ_unknown (1 − p_i(O))}. 0 without marginals.
     */
    static double uncertainty(Document doc, double[][] marginals) {
        if (marginals == null) {
            return 0;
        }
        double u = 0;
        for (double[] row : marginals) {
            u += 1 - Math.max(row[Tags.O], Math.max(row[Tags.B], row[Tags.I]));
        }
        for (org.companyner.text.Range r : doc.unknown()) {
            for (int i = r.start(); i < r.end() && i < marginals.length; i++) {
                u += 1 - marginals[i][Tags.O];
            }
        }
        return u;
    }

    /** The spans found by one side only, with their weights; sorted by start. */
    static List<Dispute> disputes(List<Entity> labels, Annotation model) {
        List<Dispute> out = new ArrayList<>();
        Set<Long> modelSpans = new HashSet<>();
        model.entities().forEach(e -> modelSpans.add(key(e)));
        Set<Long> labelSpans = new HashSet<>();
        labels.forEach(e -> labelSpans.add(key(e)));
        for (Entity e : labels) {
            if (!modelSpans.contains(key(e))) {
                out.add(new Dispute(e.start(), e.end(), e.text(), Dispute.LABEL,
                        clamp(1 - spanProbability(model.marginals(), e.start(), e.end()))));
            }
        }
        for (Entity e : model.entities()) {
            if (!labelSpans.contains(key(e))) {
                out.add(new Dispute(e.start(), e.end(), e.text(), Dispute.MODEL, clamp(e.score())));
            }
        }
        out.sort(Comparator.comparingInt(Dispute::start).thenComparingInt(Dispute::end));
        return out;
    }

    /**
     * The smallest marginal along the tags that make {@code [start, end)} a mention: B at start, I inside, not I
     * at end (when end is inside the text). An upper bound on the span's joint probability, exact for one
     * position; 0 when there are no marginals.
     */
    static double spanProbability(double[][] marginals, int start, int end) {
        if (marginals == null || end > marginals.length) {
            return 0;
        }
        double p = marginals[start][Tags.B];
        for (int i = start + 1; i < end; i++) {
            p = Math.min(p, marginals[i][Tags.I]);
        }
        if (end < marginals.length) {
            p = Math.min(p, 1 - marginals[end][Tags.I]);
        }
        return p;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }

    private static long key(Entity e) {
        return ((long) e.start() << 32) | e.end();
    }
}
