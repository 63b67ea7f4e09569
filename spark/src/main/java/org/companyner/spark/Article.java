package org.companyner.spark;

import java.io.Serializable;

/**
 * One input record on its way to the tagger: an article to tag, or one that already failed while being
 * read ({@code error} set, {@code text} null when it could not be decoded).
 *
 * @param id     the user's id, or {@code FILE:LINE} for text input (and JSONL lines without an id)
 * @param source where it came from, {@code FILE:LINE} or the Parquet file name, for the error output
 */
record Article(String id, String source, String text, String error) implements Serializable {
    static Article ok(String id, String source, String text) {
        return new Article(id, source, text, null);
    }

    static Article failed(String id, String source, String text, String error) {
        return new Article(id, source, text, error);
    }
}
