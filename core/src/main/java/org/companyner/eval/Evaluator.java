package org.companyner.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.companyner.runtime.Annotator;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * Compares predicted documents with gold ones, entity by entity, by exact {@code [start, end)}
 * (the type is always {@link Entity#COMPANY} and is ignored). Both lists must hold the same texts
 * in the same order. Spans are compared as sets per document: a duplicated span counts once.
 */
public final class Evaluator {
    /** Code points of context shown on each side of an error. */
    public static final int CONTEXT = 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Evaluator() {
    }

    /**
     * Runs {@code recognizer} on the texts of {@code gold} and scores its mentions: the one scoring
     * path of {@code eval}, {@code bench} and the trainer's dev evaluation.
     */
    public static Evaluation evaluate(Annotator recognizer, List<Document> gold) {
        List<String> texts = gold.stream().map(Document::text).toList();
        long t0 = System.nanoTime();
        List<List<Entity>> found = recognizer.recognize(texts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Document> predicted = new ArrayList<>(gold.size());
        for (int i = 0; i < gold.size(); i++) {
            predicted.add(new Document(texts.get(i), found.get(i)));
        }
        return new Evaluation(gold, predicted, score(gold, predicted), seconds);
    }

    /**
     * Scores {@code predicted} against {@code gold}.
     *
     * @throws IllegalArgumentException if the lists differ in size or in any text, or a span lies
     *                                  outside its text
     */
    public static Scores score(List<Document> gold, List<Document> predicted) {
        check(gold, predicted);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long overlapped = 0;
        long chars = 0;
        for (int d = 0; d < gold.size(); d++) {
            TreeSet<Span> g = spans(gold.get(d), d);
            TreeSet<Span> p = spans(predicted.get(d), d);
            for (Span s : g) {
                if (p.contains(s)) {
                    tp++;
                } else {
                    fn++;
                }
                if (p.stream().anyMatch(q -> q.start < s.end && s.start < q.end)) {
                    overlapped++;
                }
            }
            fp += p.stream().filter(s -> !g.contains(s)).count();
            chars += CodePoints.length(gold.get(d).text());
        }
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Scores(tp, fp, fn, precision, recall, f1, ratio(overlapped, tp + fn), gold.size(), chars);
    }

    /** Recall of the gold mentions whose surface satisfies a test (e.g. "is in the gazetteer"), and of the rest. */
    public record RecallSplit(long inMentions, double inRecall, long outMentions, double outRecall) {
    }

    /**
     * Splits gold mentions by {@code inList} on their surface text and reports exact-match recall of
     * each part: shows whether a lexicon model only memorises its list.
     */
    public static RecallSplit recallSplit(List<Document> gold, List<Document> predicted,
                                          java.util.function.Predicate<String> inList) {
        check(gold, predicted);
        long inTotal = 0;
        long inFound = 0;
        long outTotal = 0;
        long outFound = 0;
        for (int d = 0; d < gold.size(); d++) {
            TreeSet<Span> p = spans(predicted.get(d), d);
            for (var e : gold.get(d).entities()) {
                boolean found = p.contains(new Span(e.start(), e.end()));
                if (inList.test(e.text())) {
                    inTotal++;
                    inFound += found ? 1 : 0;
                } else {
                    outTotal++;
                    outFound += found ? 1 : 0;
                }
            }
        }
        return new RecallSplit(inTotal, ratio(inFound, inTotal), outTotal, ratio(outFound, outTotal));
    }

    /**
     * Every false positive and false negative, ordered by document, start, end, kind.
     *
     * @throws IllegalArgumentException as {@link #score(List, List)}
     */
    public static List<ErrorCase> errors(List<Document> gold, List<Document> predicted) {
        check(gold, predicted);
        List<ErrorCase> out = new ArrayList<>();
        for (int d = 0; d < gold.size(); d++) {
            String text = gold.get(d).text();
            TreeSet<Span> g = spans(gold.get(d), d);
            TreeSet<Span> p = spans(predicted.get(d), d);
            TreeSet<Span> fn = new TreeSet<>(g);
            fn.removeAll(p);
            TreeSet<Span> fp = new TreeSet<>(p);
            fp.removeAll(g);
            List<ErrorCase> doc = new ArrayList<>();
            for (Span s : fn) {
                doc.add(error(ErrorCase.FN, d, text, s));
            }
            for (Span s : fp) {
                doc.add(error(ErrorCase.FP, d, text, s));
            }
            doc.sort(Comparator.comparingInt(ErrorCase::start).thenComparingInt(ErrorCase::end)
                    .thenComparing(ErrorCase::kind));
            out.addAll(doc);
        }
        return out;
    }

    /**
     * Writes errors as JSON lines, one object per line with the fields of {@link ErrorCase}:
     * {@code {"kind":"FN","docIndex":0,"start":3,"end":7,"surface":"…","context":"…【…】…"}}.
     * The writer is flushed, not closed.
     */
    public static void writeJsonLines(List<ErrorCase> errors, Writer out) throws IOException {
        for (ErrorCase e : errors) {
            out.write(JSON.writeValueAsString(e));
            out.write('\n');
        }
        out.flush();
    }

    private static ErrorCase error(String kind, int doc, String text, Span s) {
        int n = CodePoints.length(text);
        String context = CodePoints.substring(text, Math.max(0, s.start - CONTEXT), s.start)
                + "【" + CodePoints.substring(text, s.start, s.end) + "】"
                + CodePoints.substring(text, s.end, Math.min(n, s.end + CONTEXT));
        return new ErrorCase(kind, doc, s.start, s.end, CodePoints.substring(text, s.start, s.end), context);
    }

    private static void check(List<Document> gold, List<Document> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(
                    "gold has " + gold.size() + " documents, predictions " + predicted.size());
        }
        for (int d = 0; d < gold.size(); d++) {
            if (!gold.get(d).text().equals(predicted.get(d).text())) {
                throw new IllegalArgumentException("document " + d + ": gold and predicted texts differ");
            }
        }
    }

    private static TreeSet<Span> spans(Document doc, int index) {
        int n = CodePoints.length(doc.text());
        TreeSet<Span> out = new TreeSet<>();
        for (Entity e : doc.entities()) {
            if (e.end() > n) {
                throw new IllegalArgumentException("document " + index + ": span [" + e.start() + ", "
                        + e.end() + ") beyond text length " + n);
            }
            out.add(new Span(e.start(), e.end()));
        }
        return out;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    private record Span(int start, int end) implements Comparable<Span> {
        @Override
        public int compareTo(Span o) {
            return start != o.start ? Integer.compare(start, o.start) : Integer.compare(end, o.end);
        }
    }
}
