package org.companyner.link;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A mention's company: the {@link Company} record it names, with the linker's confidence.
 *
 * @param id       the record's id in the {@link CompanyTable}
 * @param name     the registered name
 * @param code     the first stock code, or null for an unlisted company
 * @param exchange SSE, SZSE or BSE; null for an unlisted company
 * @param score    confidence in (0, 1]: the alias's specificity for this record (see {@link Aliases})
 * @param runnerUp the next-best record when the alias is shared, or null; its own runner-up is always null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String id, String name, String code, String exchange, double score, Link runnerUp) {
    public Link {
        if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a link needs an id and a name");
        }
        if (!(score > 0 && score <= 1)) {
            throw new IllegalArgumentException("link score must be in (0, 1]: " + score);
        }
        if (runnerUp != null && runnerUp.runnerUp() != null) {
            throw new IllegalArgumentException("a runner-up has no runner-up of its own");
        }
    }

    /** A link to {@code c} with {@code score} and no runner-up. */
    static Link to(Company c, double score) {
        return new Link(c.id(), c.name(), c.codes().isEmpty() ? null : c.codes().get(0), c.exchange(), round(score), null);
    }

    /** This link with {@code other} as runner-up. */
    Link withRunnerUp(Link other) {
        return new Link(id, name, code, exchange, score, other);
    }

    /** This link with {@code newScore} (the runner-up is kept). */
    Link withScore(double newScore) {
        return new Link(id, name, code, exchange, round(newScore), runnerUp);
    }

    static double round(double s) {
        return Math.max(1e-4, Math.round(s * 1e4) / 1e4);
    }
}
