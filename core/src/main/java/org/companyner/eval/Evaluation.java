package org.companyner.eval;

import org.companyner.text.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A recognizer's predictions on labelled documents, scored ({@link Evaluator#evaluate}).
 *
 * @param gold      the labelled documents
 * @param predicted the recognizer's mentions of the same texts, in the same order
 * @param scores    {@link Evaluator#score} of the two
 * @param seconds   wall time the recognizer took (scoring excluded)
 */
public record Evaluation(List<Document> gold, List<Document> predicted, Scores scores, double seconds) {
    public Evaluation {
        gold = List.copyOf(gold);
        predicted = List.copyOf(predicted);
    }

    /** Code points recognised per second. */
    public long charsPerSecond() {
        return Math.round(scores.chars() / Math.max(seconds, 1e-9));
    }

    /** {@link Evaluator#errors} of the predictions. */
    public List<ErrorCase> errors() {
        return Evaluator.errors(gold, predicted);
    }

    /** {@link Evaluator#recallSplit} of the predictions. */
    public Evaluator.RecallSplit recallSplit(Predicate<String> inList) {
        return Evaluator.recallSplit(gold, predicted, inList);
    }

    /**
     * The figures {@code eval} reports, rounded to 4 decimals, keys in report order: precision,
     * recall, f1, tp, fp, fn, overlap_recall, sentences, chars, chars_per_second and, when
     * {@code inLexicon} is given, in/out-of-lexicon mentions and recall.
     */
    public Map<String, Object> metrics(Predicate<String> inLexicon) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("precision", round(scores.precision()));
        out.put("recall", round(scores.recall()));
        out.put("f1", round(scores.f1()));
        out.put("tp", scores.tp());
        out.put("fp", scores.fp());
        out.put("fn", scores.fn());
        out.put("overlap_recall", round(scores.overlapRecall()));
        out.put("sentences", scores.sentences());
        out.put("chars", scores.chars());
        out.put("chars_per_second", charsPerSecond());
        if (inLexicon != null) {
            Evaluator.RecallSplit split = recallSplit(inLexicon);
            out.put("in_lexicon_mentions", split.inMentions());
            out.put("in_lexicon_recall", round(split.inRecall()));
            out.put("out_of_lexicon_mentions", split.outMentions());
            out.put("out_of_lexicon_recall", round(split.outRecall()));
        }
        return out;
    }

    static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
