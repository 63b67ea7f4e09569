package org.companyner.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.label.LabellingSource;
import org.companyner.label.outline.OutlineOptions;
import org.companyner.label.outline.VoteAggregator;
import org.companyner.review.QueueFile;
import org.companyner.review.QueueItem;
import org.companyner.review.ReviewState;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The simulated reviewer of the correction loop (issue 15): weak labels, training sets after k reviews, the plot. */
final class ReviewSimulation {
    private static final int BATCH = 1024;

    private ReviewSimulation() {
    }

    /**
     * The outline labelling of each text (noisy-OR votes of {@code sources}, default thresholds, unknown where they
     * disagree or a company cue is unexplained), one document per input document, same order and text; unlike
     * {@code outline} no sentence is split, deduplicated or dropped.
     */
    static List<Document> weakLabels(List<Document> docs, List<LabellingSource> sources) {
        List<Document> out = new ArrayList<>(docs.size());
        for (int from = 0; from < docs.size(); from += BATCH) {
            List<String> texts = docs.subList(from, Math.min(docs.size(), from + BATCH)).stream().map(Document::text).toList();
            List<List<List<Entity>>> bySource = new ArrayList<>();
            for (LabellingSource s : sources) {
                bySource.add(s.label(texts));
            }
            for (int i = 0; i < texts.size(); i++) {
                List<List<Entity>> votes = new ArrayList<>();
                for (List<List<Entity>> found : bySource) {
                    votes.add(found.get(i));
                }
                out.add(VoteAggregator.aggregate(texts.get(i), votes, OutlineOptions.DEFAULT_ACCEPT,
                        OutlineOptions.DEFAULT_MARGIN, OutlineOptions.Untouched.CUE).document());
            }
        }
        return out;
    }

    /** One line on how the weak labels compare with the gold ones (exact-match P/R/F1 on known mentions). */
    static String summary(List<Document> gold, List<Document> weak) {
        long tp = 0, predicted = 0, actual = 0, unknown = 0, chars = 0;
        for (int i = 0; i < gold.size(); i++) {
            Set<List<Integer>> g = new HashSet<>();
            gold.get(i).entities().forEach(e -> g.add(List.of(e.start(), e.end())));
            actual += g.size();
            for (Entity e : weak.get(i).entities()) {
                predicted++;
                tp += g.contains(List.of(e.start(), e.end())) ? 1 : 0;
            }
            unknown += weak.get(i).unknown().stream().mapToInt(r -> r.length()).sum();
            chars += weak.get(i).text().codePointCount(0, weak.get(i).text().length());
        }
        double p = predicted == 0 ? 0 : (double) tp / predicted, r = actual == 0 ? 0 : (double) tp / actual;
        return String.format(Locale.ROOT, "%,d sentences; weak labels vs gold: P %.3f R %.3f F1 %.3f; %.1f %% of characters unknown",
                gold.size(), p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), 100.0 * unknown / Math.max(1, chars));
    }

    /** A training set and how many of its sentences were reviewed and changed by the review. */
    record TrainingSet(List<Document> documents, int reviewed, int changed) {
    }

    /**
     * The queue's sentences in data order, with the top {@code k} queued sentences ({@code ranked}; when k exceeds
     * the queue, all of it plus k − queued sentences drawn from the rest) or {@code k} sentences drawn uniformly from
     * the whole data ({@code seed}) taking their gold labels: what a reviewer who copies gold would export after k
     * reviews.
     */
    static TrainingSet trainingSet(QueueFile.Queue queue, List<Document> gold, int k, boolean ranked, long seed) {
        List<Document> base = new ReviewState(queue).corrected(false);
        if (gold.size() != base.size()) {
            throw new UserError("the gold file has " + gold.size() + " sentences, the queue " + base.size());
        }
        List<Integer> chosen = new ArrayList<>();
        if (ranked) {
            queue.queued().stream().limit(k).forEach(q -> chosen.add(Integer.parseInt(q.id())));
        }
        // random: k drawn from all sentences; ranked past the end of the queue: the rest drawn from the agreed ones
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        java.util.Set<Integer> taken = new HashSet<>(chosen);
        for (int i = 0; i < all.size() && chosen.size() < Math.min(k, base.size()); i++) {
            if (taken.add(all.get(i))) {
                chosen.add(all.get(i));
            }
        }
        List<Document> out = new ArrayList<>(base);
        int changed = 0;
        for (int i : chosen) {
            Document g = gold.get(i);
            if (!g.text().equals(base.get(i).text())) {
                throw new UserError("sentence " + i + " differs between the gold file and the queue");
            }
            Document reviewed = new Document(g.text(), g.entities());
            changed += reviewed.equals(base.get(i)) ? 0 : 1;
            out.set(i, reviewed);
        }
        return new TrainingSet(out, chosen.size(), changed);
    }

    static void writeJsonl(List<Document> docs, Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
            DataWriter.write(docs, Format.JSONL, "company", w);
        });
    }

    /** F1 against k for the ranked and random arms, horizontal lines for weak-only (k = 0) and full gold. */
    static void plot(Path tsv, Path png) throws IOException {
        Map<String, TreeMap<Integer, Double>> arms = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            n++;
            String[] f = line.split("\t");
            if (n == 1 && f[0].equals("arm")) {
                continue;
            }
            if (f.length < 3) {
                throw new UserError(tsv + ":" + n + ": expected arm, k, f1 separated by tabs");
            }
            try {
                arms.computeIfAbsent(f[0], a -> new TreeMap<>()).put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
            } catch (NumberFormatException e) {
                throw new UserError(tsv + ":" + n + ": k and f1 must be numbers");
            }
        }
        int maxK = arms.values().stream().flatMap(m -> m.keySet().stream()).mapToInt(Integer::intValue).max().orElse(1);
        XYChart chart = new XYChartBuilder().width(800).height(480).title("Simulated review: CLUENER dev F1 after k reviewed sentences")
                .xAxisTitle("k (sentences reviewed)").yAxisTitle("dev F1").build();
        chart.getStyler().setXAxisLogarithmic(true);
        for (String arm : List.of("ranked", "random")) {
            TreeMap<Integer, Double> m = arms.get(arm);
            if (m != null && !m.isEmpty()) {
                chart.addSeries(arm.equals("ranked") ? "top k of the queue" : "k drawn at random",
                        new ArrayList<>(m.keySet()), new ArrayList<>(m.values()));
            }
        }
        for (String arm : List.of("weak", "gold")) {
            TreeMap<Integer, Double> m = arms.get(arm);
            if (m != null && !m.isEmpty()) {
                double y = m.firstEntry().getValue();
                chart.addSeries(arm.equals("weak") ? "weak labels only" : "full gold", List.of(50, Math.max(100, maxK)), List.of(y, y))
                        .setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
