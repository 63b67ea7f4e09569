package org.companyner.label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Tags;

/**
 * Adds candidate spans to a document only where every character is currently {@link Tags#O}: the
 * common core of the tagger and gazetteer rules, so weak sources fill gaps and never overrule a
 * mention or an unknown range. Guards, in order: {@code unknown} (a character lies in an unknown
 * range), {@code mention} (it overlaps a mention), {@code punctuation} (the candidate has an
 * unbalanced bracket, e.g. HanLP's 平安保险(集团). A candidate equal to a mention is agreement, not a change.
 */
final class BackFill {
    private BackFill() {
    }

    /**
     * {@code d} with those {@code candidates} (offsets in its text, disjoint, each with its score) added
     * that pass the guards; {@code ruleGuard} is the rule's own guard (its name, or null to pass), checked last.
     */
    static RepairRule.Result add(String rule, Document d, List<Entity> candidates, int[] norm, Function<Entity, String> ruleGuard) {
        int[] tags = d.tags();
        List<Entity> entities = new ArrayList<>(d.entities());
        List<RepairChange> changes = new ArrayList<>();
        for (Entity c : candidates) {
            if (d.entities().stream().anyMatch(e -> e.start() == c.start() && e.end() == c.end())) {
                continue;
            }
            String guard = guard(tags, norm, c);
            guard = guard == null ? ruleGuard.apply(c) : guard;
            if (guard != null) {
                changes.add(RepairChange.refused(rule, null, c, guard));
            } else {
                entities.add(c);
                changes.add(RepairChange.added(rule, c));
                for (int i = c.start(); i < c.end(); i++) {
                    tags[i] = i == c.start() ? Tags.B : Tags.I; // later candidates see this one
                }
            }
        }
        boolean added = changes.stream().anyMatch(ch -> ch.kind() == RepairChange.Kind.ADDED);
        return new RepairRule.Result(added ? RepairSpans.with(d, entities) : d, changes);
    }

    private static String guard(int[] tags, int[] norm, Entity c) {
        for (int i = c.start(); i < c.end(); i++) {
            if (tags[i] == Tags.UNKNOWN) {
                return "unknown";
            }
        }
        for (int i = c.start(); i < c.end(); i++) {
            if (tags[i] != Tags.O) {
                return "mention";
            }
        }
        int depth = 0;
        for (int i = c.start(); i < c.end(); i++) {
            depth += norm[i] == '(' ? 1 : norm[i] == ')' ? -1 : 0;
            if (depth < 0) {
                return "punctuation";
            }
        }
        return depth == 0 ? null : "punctuation";
    }
}
