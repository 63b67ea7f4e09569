package org.companyner.eval;

/**
 * Entity-level scores of predictions against gold, exact match on {@code [start, end)}.
 *
 * @param tp            predicted spans equal to a gold span
 * @param fp            predicted spans equal to no gold span
 * @param fn            gold spans equal to no predicted span
 * @param precision     {@code tp / (tp + fp)}, 0 when there are no predictions
 * @param recall        {@code tp / (tp + fn)}, 0 when there is no gold
 * @param f1            harmonic mean of precision and recall, 0 when both are 0
 * @param overlapRecall fraction of gold spans overlapped by at least one predicted span, 0 when there is no gold
 * @param sentences     number of documents compared
 * @param chars         total code points of the documents
 */
public record Scores(long tp, long fp, long fn, double precision, double recall, double f1,
                     double overlapRecall, long sentences, long chars) {
}
