package org.companyner.review;

import java.util.List;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * One sentence of the data in a review queue.
 *
 * @param id       stable id: the sentence's 0-based position in the data, as text
 * @param text     the sentence
 * @param labels   the label spans (gold or machine labels), sorted, disjoint
 * @param unknown  the labels' unknown ranges (partial annotation), kept on export until the sentence is reviewed
 * @param model    the model's spans with their confidence in {@link Entity#score()}
 * @param disputes where the two disagree; empty for a sentence where they agree (not queued)
 * @param score    expected change of a correction (see {@link Ranking}); 0 when there is no dispute
 * @param rank     1 for the first sentence to review; 0 for a sentence that is not queued
 */
public record QueueItem(String id, String text, List<Entity> labels, List<Range> unknown, List<Entity> model,
                        List<Dispute> disputes, double score, int rank) {
    public QueueItem {
        labels = List.copyOf(labels);
        unknown = List.copyOf(unknown);
        model = List.copyOf(model);
        disputes = List.copyOf(disputes);
    }

    /** Whether the sentence is in the queue (the model and the labels disagree on it). */
    public boolean queued() {
        return rank > 0;
    }
}
