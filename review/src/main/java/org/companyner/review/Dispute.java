package org.companyner.review;

/**
 * A span on which the model and the labels disagree.
 *
 * @param start  first code point
 * @param end    end, exclusive
 * @param text   the surface form
 * @param side   {@code label} (a label span the model does not find exactly) or {@code model} (a model span the
 *               labels lack)
 * @param weight how far the model's confidence disagrees with the label, in [0, 1]: 1 − the model's probability of
 *               the span for a label span, the model's confidence for a model span
 */
public record Dispute(int start, int end, String text, String side, double weight) {
    public static final String LABEL = "label";
    public static final String MODEL = "model";
}
