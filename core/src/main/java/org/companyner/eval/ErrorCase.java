package org.companyner.eval;

/**
 * One wrong span.
 *
 * @param kind     {@code "FP"} (predicted, not in gold) or {@code "FN"} (gold, not predicted)
 * @param docIndex index of the document in the compared lists
 * @param start    start of the span, code points
 * @param end      end of the span (exclusive), code points
 * @param surface  the span's text
 * @param context  up to 20 code points either side, with the span wrapped in 【】
 */
public record ErrorCase(String kind, int docIndex, int start, int end, String surface, String context) {
    public static final String FP = "FP";
    public static final String FN = "FN";
}
