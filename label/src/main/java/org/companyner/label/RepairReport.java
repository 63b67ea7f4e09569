package org.companyner.label;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * What a repair run did, per rule: spans changed, added and refused (by guard), with up to
 * {@link #EXAMPLES} before → after examples of each kind. The examples quote the input text: a report
 * on a licensed corpus must stay local (never committed).
 */
public final class RepairReport {
    /** Most examples kept per rule, for applied changes and for refusals each. */
    public static final int EXAMPLES = 20;
    /** Characters of context shown on each side of an example. */
    static final int CONTEXT = 12;

    /** One rule's counts and examples. */
    public record RuleCounts(String rule, int changed, int added, int refused, Map<String, Integer> refusedBy,
                             List<String> examples, List<String> refusals) {
        public RuleCounts {
            refusedBy = Map.copyOf(refusedBy);
            examples = List.copyOf(examples);
            refusals = List.copyOf(refusals);
        }
    }

    private final List<RuleCounts> rules;
    private final int documents;
    private final int documentsChanged;
    private final int mentionsBefore;
    private final int mentionsAfter;

    private RepairReport(List<RuleCounts> rules, int documents, int documentsChanged, int mentionsBefore, int mentionsAfter) {
        this.rules = List.copyOf(rules);
        this.documents = documents;
        this.documentsChanged = documentsChanged;
        this.mentionsBefore = mentionsBefore;
        this.mentionsAfter = mentionsAfter;
    }

    /** The counts per rule, in the order the rules ran. */
    public List<RuleCounts> rules() {
        return rules;
    }

    /** The counts of rule {@code name}. */
    public RuleCounts rule(String name) {
        return rules.stream().filter(r -> r.rule().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + name + " in this report"));
    }

    public int documents() {
        return documents;
    }

    public int documentsChanged() {
        return documentsChanged;
    }

    public int mentionsBefore() {
        return mentionsBefore;
    }

    public int mentionsAfter() {
        return mentionsAfter;
    }

    /** The counts as a fixed-width table for people (one line per rule). */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %8s %8s %8s  %s%n", "rule", "changed", "added", "refused", "refused by guard"));
        for (RuleCounts r : rules) {
            sb.append(String.format(Locale.ROOT, "%-10s %8d %8d %8d  %s%n", r.rule(), r.changed(), r.added(), r.refused(), guards(r)));
        }
        sb.append(String.format(Locale.ROOT, "%d documents, %d changed; mentions %d -> %d%n", documents, documentsChanged,
                mentionsBefore, mentionsAfter));
        return sb.toString();
    }

    /** The report as Markdown: {@code title} (e.g. the input file), the counts table, then examples per rule. */
    public String markdown(String title) {
        StringBuilder sb = new StringBuilder("# Repair report: ").append(title).append("\n\n");
        sb.append("Reports quote the input text: keep reports on licensed corpora local, never commit them.\n\n");
        sb.append(String.format(Locale.ROOT, "%d documents, %d changed by a rule; mentions %d before, %d after.%n%n",
                documents, documentsChanged, mentionsBefore, mentionsAfter));
        sb.append("| rule | spans changed | spans added | refused by a guard | refused by guard |\n|---|---:|---:|---:|---|\n");
        for (RuleCounts r : rules) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", r.rule(), r.changed(), r.added(), r.refused(), guards(r)));
        }
        for (RuleCounts r : rules) {
            sb.append("\n## ").append(r.rule()).append("\n\n");
            if (r.examples().isEmpty() && r.refusals().isEmpty()) {
                sb.append("No change.\n");
            }
            if (!r.examples().isEmpty()) {
                sb.append("Applied (before → after):\n\n");
                r.examples().forEach(e -> sb.append("- ").append(e).append('\n'));
            }
            if (!r.refusals().isEmpty()) {
                sb.append(r.examples().isEmpty() ? "" : "\n").append("Refused (mention → refused proposal, guard):\n\n");
                r.refusals().forEach(e -> sb.append("- ").append(e).append('\n'));
            }
        }
        return sb.toString();
    }

    private static String guards(RuleCounts r) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(r.refusedBy()).forEach((g, n) -> parts.add(g + " " + n));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** Collects changes as the rules run. */
    static final class Builder {
        private final Map<String, Acc> byRule = new LinkedHashMap<>();
        private int documents;
        private int documentsChanged;
        private int mentionsBefore;
        private int mentionsAfter;

        Builder(List<String> rules) {
            rules.forEach(r -> byRule.put(r, new Acc()));
        }

        void add(String rule, String text, List<RepairChange> changes) {
            Acc a = byRule.get(rule);
            for (RepairChange c : changes) {
                switch (c.kind()) {
                    case CHANGED -> a.changed++;
                    case ADDED -> a.added++;
                    case REFUSED -> {
                        a.refused++;
                        a.refusedBy.merge(c.guard(), 1, Integer::sum);
                    }
                }
                if (c.kind() == RepairChange.Kind.REFUSED) {
                    if (a.refusals.size() < EXAMPLES) {
                        a.refusals.add(example(text, c.before(), c.after()) + " (" + c.guard() + ")");
                    }
                } else if (a.examples.size() < EXAMPLES) {
                    a.examples.add(example(text, c.before(), c.after()));
                }
            }
        }

        void document(Document before, Document after) {
            documents++;
            documentsChanged += before.entities().equals(after.entities()) ? 0 : 1;
            mentionsBefore += before.entities().size();
            mentionsAfter += after.entities().size();
        }

        RepairReport build() {
            List<RuleCounts> rules = new ArrayList<>();
            byRule.forEach((r, a) -> rules.add(new RuleCounts(r, a.changed, a.added, a.refused, a.refusedBy, a.examples, a.refusals)));
            return new RepairReport(rules, documents, documentsChanged, mentionsBefore, mentionsAfter);
        }
    }

    private static final class Acc {
        int changed;
        int added;
        int refused;
        final Map<String, Integer> refusedBy = new TreeMap<>();
        final List<String> examples = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
    }

    /** {@code `…context[before]context…` → `…context[after]context…`}; a null before shows the text unmarked. */
    static String example(String text, Entity before, Entity after) {
        int from = before == null ? after.start() : Math.min(before.start(), after.start());
        int to = before == null ? after.end() : Math.max(before.end(), after.end());
        return quote(text, before, from, to) + " → " + quote(text, after, from, to);
    }

    private static String quote(String text, Entity span, int from, int to) {
        int length = CodePoints.length(text);
        int left = Math.max(0, from - CONTEXT);
        int right = Math.min(length, to + CONTEXT);
        StringBuilder sb = new StringBuilder(left > 0 ? "…" : "");
        if (span == null) {
            sb.append(CodePoints.substring(text, left, right));
        } else {
            sb.append(CodePoints.substring(text, left, span.start())).append('[')
                    .append(span.text()).append(']').append(CodePoints.substring(text, span.end(), right));
        }
        sb.append(right < length ? "…" : "");
        // one line, inside one Markdown code span
        return "`" + sb.toString().replace('\n', ' ').replace('\r', ' ').replace('`', '\'') + "`";
    }
}
