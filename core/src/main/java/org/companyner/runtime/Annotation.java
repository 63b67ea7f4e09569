package org.companyner.runtime;

import org.companyner.text.Entity;

import java.util.List;

/**
 * What the {@link Recognizer} found in one article.
 *
 * @param entities  company mentions, sorted by start
 * @param marginals per code point of the article, the CRF posterior of each tag
 *                  ({@code [codePointLength][Tags.COUNT]}, indexed by {@link org.companyner.text.Tags}),
 *                  taken from the window that owns the position, as the tags are; each row sums to 1.
 *                  Rows are shared with the decoder's buffers: treat them as read-only.
 */
public record Annotation(List<Entity> entities, double[][] marginals) {
    public Annotation {
        entities = List.copyOf(entities);
    }
}
