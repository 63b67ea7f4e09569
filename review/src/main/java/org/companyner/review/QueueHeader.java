package org.companyner.review;

/**
 * The first line of a queue file: what it is and how it was made.
 *
 * @param format    always {@link #FORMAT}
 * @param version   always {@link #VERSION}
 * @param model     the model directory that was run
 * @param data      the labelled data file
 * @param dataFormat its format
 * @param label     the dataset label(s) read as company
 * @param ranking   how the queue is ranked, in words
 * @param sentences sentences in the data
 * @param queued    sentences in the queue
 */
public record QueueHeader(String format, int version, String model, String data, String dataFormat, String label,
                          String ranking, int sentences, int queued) {
    public static final String FORMAT = "company-ner-review-queue";
    public static final int VERSION = 1;
}
