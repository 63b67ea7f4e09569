package org.companyner.label.outline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.companyner.label.LabellingSource;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * The outline set: a raw corpus machine-labelled for training (item 3 of the weak-supervision issue).
 * Corpus → sentences ({@link Sentences}) → every source labels each batch → votes aggregated per
 * sentence ({@link VoteAggregator}) → partially labelled {@link Document}s, in corpus order, handed to
 * a consumer (the {@code outline} command writes them as JSONL) → an {@link OutlineSummary}.
 *
 * <p>Reproducible: the same corpus, sources and options give the same documents in the same order
 * (sources run in the given order, batches are cut at fixed sentence counts, ties are broken by
 * position). Sentences that come out wholly unknown are counted and not handed on: they teach nothing.
 */
public final class Outline {
    private Outline() {
    }

    /** Reads {@code corpus} and builds its outline; see the class comment. */
    public static OutlineSummary build(Path corpus, List<LabellingSource> sources, OutlineOptions options,
                                       Consumer<Document> out, Progress progress) {
        long t0 = System.nanoTime();
        Sentences.Split split = Sentences.read(corpus, options.minChars(), options.maxChars());
        return label(corpus.toString(), split, sources, options, out, progress, t0);
    }

    /** The outline of corpus lines held in memory (one paragraph a line, blank line between documents). */
    public static OutlineSummary build(String name, List<String> lines, List<LabellingSource> sources,
                                       OutlineOptions options, Consumer<Document> out, Progress progress) {
        long t0 = System.nanoTime();
        Sentences.Split split = Sentences.split(lines, options.minChars(), options.maxChars());
        return label(name, split, sources, options, out, progress, t0);
    }

    private static OutlineSummary label(String name, Sentences.Split split, List<LabellingSource> sources,
                                        OutlineOptions options, Consumer<Document> out, Progress progress, long t0) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no labelling sources");
        }
        if (sources.stream().map(LabellingSource::name).distinct().count() != sources.size()) {
            throw new IllegalArgumentException("labelling source names must be distinct: "
                    + sources.stream().map(LabellingSource::name).toList());
        }
        int k = sources.size();
        List<Sentences.Piece> pieces = split.pieces();
        int total = (int) (options.limit() == 0 ? pieces.size() : Math.min(options.limit(), pieces.size()));
        long[] spans = new long[k];
        long[] accepted = new long[k];
        long[][] both = new long[k][k];
        double[] seconds = new double[k];
        long written = 0, allUnknown = 0, characters = 0, mentions = 0, unknownChars = 0, withMention = 0, allO = 0;
        progress.start(total);
        for (int from = 0; from < total; from += options.batchSize()) {
            int to = Math.min(total, from + options.batchSize());
            List<String> texts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                texts.add(pieces.get(i).text());
            }
            List<List<List<Entity>>> bySource = new ArrayList<>(k);
            for (int s = 0; s < k; s++) {
                long t = System.nanoTime();
                List<List<Entity>> found = sources.get(s).label(texts);
                seconds[s] += (System.nanoTime() - t) / 1e9;
                if (found.size() != texts.size()) {
                    throw new IllegalStateException("source " + sources.get(s).name() + " returned " + found.size()
                            + " lists for " + texts.size() + " texts");
                }
                bySource.add(found);
            }
            for (int i = 0; i < texts.size(); i++) {
                List<List<Entity>> votes = new ArrayList<>(k);
                for (int s = 0; s < k; s++) {
                    votes.add(bySource.get(s).get(i));
                }
                VoteAggregator.Result r = VoteAggregator.aggregate(texts.get(i), votes, options.accept(),
                        options.margin(), options.untouched());
                Document doc = r.document();
                for (VoteAggregator.Candidate c : r.candidates()) {
                    boolean isMention = doc.entities().stream().anyMatch(e -> e.start() == c.start() && e.end() == c.end());
                    for (int a : c.sources()) {
                        spans[a]++;
                        if (isMention) {
                            accepted[a]++;
                        }
                        for (int b : c.sources()) {
                            both[a][b]++;
                        }
                    }
                }
                int n = CodePoints.length(doc.text());
                int unknown = doc.unknown().stream().mapToInt(x -> x.length()).sum();
                if (doc.entities().isEmpty() && unknown == n) {
                    allUnknown++;
                    continue;
                }
                written++;
                characters += n;
                mentions += doc.entities().size();
                unknownChars += unknown;
                withMention += doc.entities().isEmpty() ? 0 : 1;
                allO += doc.entities().isEmpty() && unknown == 0 ? 1 : 0;
                out.accept(doc);
            }
            progress.advance(to - from);
        }
        List<String> names = sources.stream().map(LabellingSource::name).toList();
        Map<String, OutlineSummary.SourceStats> perSource = new LinkedHashMap<>();
        Map<String, Map<String, Double>> agreement = new LinkedHashMap<>();
        for (int a = 0; a < k; a++) {
            perSource.put(names.get(a), new OutlineSummary.SourceStats(spans[a], accepted[a], seconds[a]));
            Map<String, Double> row = new LinkedHashMap<>();
            for (int b = 0; b < k; b++) {
                row.put(names.get(b), spans[a] == 0 ? 0.0 : (double) both[a][b] / spans[a]);
            }
            agreement.put(names.get(a), row);
        }
        return new OutlineSummary(name, names, options, split.counts(), total, written, allUnknown, characters, mentions,
                unknownChars, withMention, allO, perSource, agreement, (System.nanoTime() - t0) / 1e9);
    }
}
