package org.companyner.review;

import java.util.List;

/**
 * One line of the decision log.
 *
 * @param item      the sentence id (for {@link Action#PROPAGATE}: the sentence the decision was first made on)
 * @param action    what was done
 * @param start     span start for {@link Action#REJECT_SPAN} / {@link Action#ADD_SPAN} / {@link Action#PROPAGATE}, else -1
 * @param end       span end (exclusive), else -1
 * @param revision  the item's revision the reviewer saw when deciding
 * @param client    the browser tab that sent it
 * @param clientSeq the tab's own request number (a retried request is recognised and not applied twice)
 * @param mode      for {@link Action#PROPAGATE}: {@code add} or {@code reject}; else null
 * @param targets   for {@link Action#PROPAGATE}: the sentences it changed, with the revision each was at; else empty
 */
public record Decision(String item, Action action, int start, int end, int revision, String client, long clientSeq,
                       String mode, List<Target> targets) {
    public Decision {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** A sentence changed by a propagated decision, and the revision it was at. */
    public record Target(String item, int revision) {
    }

    public static Decision of(String item, Action action, int start, int end, int revision, String client, long clientSeq) {
        return new Decision(item, action, start, end, revision, client, clientSeq, null, List.of());
    }
}
