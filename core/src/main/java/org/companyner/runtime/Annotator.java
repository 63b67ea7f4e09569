package org.companyner.runtime;

import org.companyner.text.Entity;

import java.util.List;

/**
 * Anything that finds company mentions and per-position tag marginals in articles: one model's
 * {@link Recognizer}, or an {@link Ensemble} of them (a distillation teacher). Evaluation and bulk tagging
 * take this contract.
 */
public interface Annotator {
    /** Mentions and marginals of each article, in input order (see {@link Recognizer#annotate}). */
    List<Annotation> annotate(List<String> articles);

    /** The mentions of each article, in input order. */
    default List<List<Entity>> recognize(List<String> articles) {
        return annotate(articles).stream().map(Annotation::entities).toList();
    }
}
