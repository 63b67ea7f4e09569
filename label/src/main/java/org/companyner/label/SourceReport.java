package org.companyner.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/** How well each labelling source agrees with gold data: the one scoring path of the {@code sources} verb. */
public final class SourceReport {
    /** One source's scores ({@link Evaluator#score}: exact-match P/R/F1 and overlap recall) and labelling time. */
    public record Row(String source, Scores scores, double seconds) {
    }

    private SourceReport() {
    }

    /** Runs every source on the texts of {@code gold} and scores its spans against the gold mentions. */
    public static List<Row> evaluate(List<LabellingSource> sources, List<Document> gold) {
        List<String> texts = gold.stream().map(Document::text).toList();
        List<Row> rows = new ArrayList<>(sources.size());
        for (LabellingSource source : sources) {
            long t0 = System.nanoTime();
            List<List<Entity>> found = source.label(texts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (found.size() != texts.size()) {
                throw new IllegalStateException("source " + source.name() + " returned " + found.size()
                        + " lists for " + texts.size() + " texts");
            }
            List<Document> predicted = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                predicted.add(new Document(texts.get(i), found.get(i)));
            }
            rows.add(new Row(source.name(), Evaluator.score(gold, predicted), seconds));
        }
        return rows;
    }

    /** A fixed-width table for people (one line per source). */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %6s %6s %6s %8s %6s %6s %6s %8s%n",
                "source", "P", "R", "F1", "overlapR", "tp", "fp", "fn", "seconds"));
        for (Row r : rows) {
            Scores s = r.scores();
            sb.append(String.format(Locale.ROOT, "%-20s %6.3f %6.3f %6.3f %8.3f %6d %6d %6d %8.2f%n", r.source(),
                    s.precision(), s.recall(), s.f1(), s.overlapRecall(), s.tp(), s.fp(), s.fn(), r.seconds()));
        }
        return sb.toString();
    }
}
