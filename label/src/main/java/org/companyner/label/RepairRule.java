package org.companyner.label;

import java.util.List;
import org.companyner.text.Document;

/**
 * One label-repair rule of the weak-supervision pipeline: a document in, the repaired document and
 * what changed out. Rules never touch the text, the unknown ranges or the marginals, only the
 * mentions; a repaired edge keeps the mention's score, an added mention carries the rule's stated
 * confidence (below 1). {@link Repairs#apply} runs rules in the order given, each on the previous one's output.
 */
public interface RepairRule {
    /** Short stable name used on the command line and in the report, e.g. {@code boundary}. */
    String name();

    /** The repaired document and one {@link RepairChange} per span changed, added or refused by a guard. */
    Result apply(Document document, RepairContext context);

    /** A rule's output: the repaired document and its changes, in text order. */
    record Result(Document document, List<RepairChange> changes) {
        public Result {
            changes = List.copyOf(changes);
        }
    }
}
