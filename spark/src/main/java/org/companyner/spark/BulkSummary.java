package org.companyner.spark;

import java.util.Locale;

/**
 * What a bulk run did: every article read is either tagged or failed, so {@code read == tagged + failed}
 * unless a task was re-run after it had counted its reads ({@link #consistent()}).
 *
 * @param read    articles read from the input (a Spark accumulator, counted while reading)
 * @param tagged  rows in the output
 * @param failed  rows in the error output
 * @param chars   code points of the tagged articles
 * @param seconds wall time of the job, from reading the input to the last file written (Spark start-up excluded)
 */
public record BulkSummary(long read, long tagged, long failed, long chars, double seconds) {
    public boolean consistent() {
        return read == tagged + failed;
    }

    public double articlesPerSecond() {
        return (tagged + failed) / seconds;
    }

    public double charsPerSecond() {
        return chars / seconds;
    }

    /** One line for people. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "articles in %d, tagged %d, failed %d; %.1f s, %.0f articles/s, %.0f chars/s%s",
                read, tagged, failed, seconds, articlesPerSecond(), charsPerSecond(),
                consistent() ? "" : " (in != tagged + failed: a task was re-run after counting its input)");
    }
}
