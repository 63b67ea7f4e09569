package org.companyner.label;

import java.util.Objects;
import org.companyner.text.Entity;

/**
 * What one rule did to one span: {@code before} → {@code after}. A {@link Kind#CHANGED} span has
 * both; an {@link Kind#ADDED} one only {@code after}; a {@link Kind#REFUSED} one holds the mention
 * (or candidate) it left alone in {@code before}, what it would have become in {@code after}, and the
 * guard that stopped it.
 *
 * @param before the span before the rule, null for an addition (and for a refused addition)
 * @param after  the span after the rule, or the refused proposal
 * @param guard  the guard that refused the change, null unless {@link Kind#REFUSED}
 */
public record RepairChange(String rule, Kind kind, Entity before, Entity after, String guard) {
    public enum Kind { CHANGED, ADDED, REFUSED }

    public RepairChange {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(after, "after");
        if ((kind == Kind.REFUSED) != (guard != null)) {
            throw new IllegalArgumentException("a guard names refused changes only: " + kind + " " + guard);
        }
        if (kind == Kind.CHANGED && before == null) {
            throw new IllegalArgumentException("a changed span needs its before");
        }
    }

    static RepairChange changed(String rule, Entity before, Entity after) {
        return new RepairChange(rule, Kind.CHANGED, before, after, null);
    }

    static RepairChange added(String rule, Entity after) {
        return new RepairChange(rule, Kind.ADDED, null, after, null);
    }

    static RepairChange refused(String rule, Entity before, Entity proposal, String guard) {
        return new RepairChange(rule, Kind.REFUSED, before, proposal, guard);
    }
}
