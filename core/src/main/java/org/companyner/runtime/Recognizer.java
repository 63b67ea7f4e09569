package org.companyner.runtime;

import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Tags;
import org.companyner.text.Window;
import org.companyner.text.Windower;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Articles in, company mentions out: splits each article into windows, batches windows of similar
 * length together (little padding), runs the {@link Emitter}, decodes each window with the CRF and
 * stitches the owned positions back. Nothing is truncated; offsets are code points of the input.
 */
public final class Recognizer implements Annotator {
    /** Default overlap between windows cut out of one over-long sentence. */
    public static final int OVERLAP = 24;

    private final Emitter emitter;
    private final Featurizer featurizer;
    private final Windower windower;
    private final int maxBatchTokens;

    public Recognizer(Emitter emitter, Featurizer featurizer, int maxBatchTokens) {
        this.emitter = emitter;
        this.featurizer = featurizer;
        this.windower = windower(emitter.maxLength());
        this.maxBatchTokens = maxBatchTokens;
    }

    /** The windows a model of {@code maxLength} positions reads, in training and at inference alike. */
    public static Windower windower(int maxLength) {
        return new Windower(maxLength, Math.min(OVERLAP, maxLength / 2 - 1));
    }

    /** Company mentions of each article, in input order, each list sorted by start: {@link #annotate}'s entities. */
    @Override
    public List<List<Entity>> recognize(List<String> articles) {
        return annotate(articles).stream().map(Annotation::entities).toList();
    }

    /**
     * Company mentions and per-position tag marginals of each article, in input order. Each position
     * takes its Viterbi tag and its marginals from the window that owns it; a mention's score is the
     * mean marginal of its positions' tags.
     */
    @Override
    public List<Annotation> annotate(List<String> articles) {
        List<Pending> pending = new ArrayList<>();
        List<int[]> tags = new ArrayList<>();
        List<double[][]> marginals = new ArrayList<>();
        for (int a = 0; a < articles.size(); a++) {
            int[] cps = CodePoints.of(articles.get(a));
            tags.add(new int[cps.length]);
            marginals.add(new double[cps.length][]);
            Featurizer.Article ids = featurizer.article(cps);
            for (Window w : windower.windows(cps)) {
                pending.add(new Pending(a, w, ids.slice(w.start(), w.end())));
            }
        }
        pending.sort(Comparator.comparingInt(p -> p.window.length()));
        Crf crf = emitter.crf();
        int from = 0;
        while (from < pending.size()) {
            int to = from;
            while (to < pending.size() && (to - from + 1) * pending.get(to).window.length() <= Math.max(maxBatchTokens, pending.get(to).window.length())) {
                to++;
            }
            List<Pending> batch = pending.subList(from, to);
            List<float[][]> scores = emitter.emissions(batch.stream().map(Pending::features).toList());
            for (int k = 0; k < batch.size(); k++) {
                Pending p = batch.get(k);
                float[][] e = scores.get(k);
                int[] path = crf.viterbi(e);
                double[][] windowMarginals = crf.marginals(e);
                int[] articleTags = tags.get(p.article);
                double[][] articleMarginals = marginals.get(p.article);
                for (int pos = p.window.ownStart(); pos < p.window.ownEnd(); pos++) {
                    int t = pos - p.window.start();
                    articleTags[pos] = path[t];
                    articleMarginals[pos] = windowMarginals[t]; // the window's row: no copy
                }
            }
            from = to;
        }
        List<Annotation> out = new ArrayList<>(articles.size());
        for (int a = 0; a < articles.size(); a++) {
            double[][] m = marginals.get(a);
            out.add(new Annotation(mentions(articles.get(a), tags.get(a), m), m));
        }
        return out;
    }

    /**
     * The mentions of {@code article} given its tag per code point and their marginals: each span of
     * {@code tags}, scored by the mean marginal of its positions' tags (four decimals).
     */
    static List<Entity> mentions(String article, int[] tags, double[][] marginals) {
        List<Entity> entities = new ArrayList<>();
        for (int[] span : Tags.spans(tags)) {
            double sum = 0;
            for (int pos = span[0]; pos < span[1]; pos++) {
                sum += marginals[pos][tags[pos]];
            }
            double score = Math.round(sum / (span[1] - span[0]) * 1e4) / 1e4;
            entities.add(Entity.of(article, span[0], span[1], Entity.COMPANY, score));
        }
        return entities;
    }

    private record Pending(int article, Window window, Features features) {
    }
}
