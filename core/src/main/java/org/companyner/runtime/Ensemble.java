package org.companyner.runtime;

import org.companyner.UserError;
import org.companyner.text.Tags;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several models as one annotator, the distillation teacher: each member annotates the articles, their
 * per-position tag marginals are averaged (the members may window and featurise differently: only the
 * marginals of each code point meet), and the tags are the BIO-valid path that maximises the sum of log
 * averaged marginals (a constrained maximum-marginal decoding; with one member it reproduces the member's
 * spans wherever its Viterbi path and its marginals agree). A mention's score is the mean averaged
 * marginal of its positions' tags, as for one model.
 */
public final class Ensemble implements Annotator, AutoCloseable {
    private final List<? extends Annotator> members;
    private final List<AutoCloseable> owned;

    /** An ensemble of {@code members}, which the caller keeps open and closes. */
    public Ensemble(List<? extends Annotator> members) {
        this(members, List.of());
    }

    private Ensemble(List<? extends Annotator> members, List<AutoCloseable> owned) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = List.copyOf(members);
        this.owned = List.copyOf(owned);
    }

    /**
     * Opens every model directory ({@link LoadedModel#open}, self-check included) as members of one ensemble,
     * which closes them.
     *
     * @throws UserError when a directory is not a model (the ones opened before are closed)
     */
    public static Ensemble open(List<Path> dirs, int batchTokens, int threads) {
        List<LoadedModel> opened = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                opened.add(LoadedModel.open(dir, batchTokens, threads, null));
            }
        } catch (RuntimeException e) {
            opened.forEach(LoadedModel::close);
            throw e;
        }
        return new Ensemble(opened.stream().map(LoadedModel::recognizer).toList(), List.copyOf(opened));
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    @Override
    public List<Annotation> annotate(List<String> articles) {
        List<List<Annotation>> each = new ArrayList<>(members.size());
        for (Annotator m : members) {
            each.add(m.annotate(articles));
        }
        List<Annotation> out = new ArrayList<>(articles.size());
        for (int a = 0; a < articles.size(); a++) {
            int length = each.get(0).get(a).marginals().length;
            double[][] mean = new double[length][Tags.COUNT];
            for (List<Annotation> member : each) {
                double[][] rows = member.get(a).marginals();
                if (rows.length != length) {
                    throw new IllegalStateException("members disagree on the length of article " + a);
                }
                for (int i = 0; i < length; i++) {
                    for (int j = 0; j < Tags.COUNT; j++) {
                        mean[i][j] += rows[i][j] / each.size();
                    }
                }
            }
            out.add(new Annotation(Recognizer.mentions(articles.get(a), decode(mean), mean), mean));
        }
        return out;
    }

    /**
     * The BIO-valid tag path (no I at the start or after O) with the largest Σ log p_i(y_i): Viterbi over log
     * marginals with the BIO constraint as the only transition score.
     */
    static int[] decode(double[][] marginals) {
        int n = marginals.length;
        int[] path = new int[n];
        if (n == 0) {
            return path;
        }
        int k = Tags.COUNT;
        double[][] best = new double[n][k];
        int[][] from = new int[n][k];
        for (int j = 0; j < k; j++) {
            best[0][j] = j == Tags.I ? Double.NEGATIVE_INFINITY : log(marginals[0][j]);
        }
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double top = Double.NEGATIVE_INFINITY;
                int arg = Tags.O;
                for (int p = 0; p < k; p++) {
                    if (j == Tags.I && p == Tags.O) {
                        continue;
                    }
                    if (best[i - 1][p] > top) {
                        top = best[i - 1][p];
                        arg = p;
                    }
                }
                best[i][j] = top + log(marginals[i][j]);
                from[i][j] = arg;
            }
        }
        int last = Tags.O;
        for (int j = 0; j < k; j++) {
            if (best[n - 1][j] > best[n - 1][last]) {
                last = j;
            }
        }
        path[n - 1] = last;
        for (int i = n - 1; i > 0; i--) {
            path[i - 1] = from[i][path[i]];
        }
        return path;
    }

    /** log p, with a floor so that a zero marginal is very unlikely rather than impossible. */
    private static double log(double p) {
        return Math.log(Math.max(p, 1e-12));
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing an ensemble member failed", e);
            }
        }
    }
}
