package org.companyner.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a reviewer can do to a queued sentence; {@link #id()} is the name in the decision log and the HTTP API. */
public enum Action {
    /** The label spans are right: the decision becomes them. */
    ACCEPT_LABEL,
    /** The model's spans are right: the decision becomes them. */
    ACCEPT_MODEL,
    /** This span of the current decision is not a company. */
    REJECT_SPAN,
    /** This span is a company (spans of the current decision that overlap it go). */
    ADD_SPAN,
    /** The current decision is right as it stands. */
    CONFIRM,
    /** Take back the sentence's last decision. */
    UNDO,
    /** The same span decision for the other queued occurrences of a surface form (one log line, many sentences). */
    PROPAGATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The action called {@code id}, or an {@link IllegalArgumentException} listing the known ones. */
    public static Action parse(String id) {
        for (Action a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "' (known: "
                + Arrays.stream(values()).map(Action::id).collect(Collectors.joining(", ")) + ")");
    }

    /** Whether the action names a span. */
    public boolean needsSpan() {
        return this == REJECT_SPAN || this == ADD_SPAN;
    }
}
