package org.companyner.link;

import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linking measurements (docs/RESULTS.md, issue 14), as plain functions.
 */
public final class LinkingEval {
    private LinkingEval() {
    }

    /** Why a mention was not linked, or linked wrongly. */
    public enum Outcome {
        /** Linked to the gold record. */
        CORRECT,
        /** Linked to another record. */
        WRONG_RECORD,
        /** Not linked: the alias names several records, none specific enough. */
        AMBIGUOUS,
        /** Not linked: no record has the alias. */
        UNKNOWN
    }

    /** Counts by outcome, and the share linked / accuracy of linked. */
    public record Tally(Map<Outcome, Long> counts) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long linked() {
            return counts.getOrDefault(Outcome.CORRECT, 0L) + counts.getOrDefault(Outcome.WRONG_RECORD, 0L);
        }

        public double shareLinked() {
            return total() == 0 ? 0 : (double) linked() / total();
        }

        public double accuracy() {
            return linked() == 0 ? 0 : (double) counts.getOrDefault(Outcome.CORRECT, 0L) / linked();
        }

        public Map<String, Object> report() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mentions", total());
            out.put("linked", linked());
            out.put("share_linked", round(shareLinked()));
            out.put("accuracy_of_linked", round(accuracy()));
            counts.forEach((k, v) -> out.put(k.name().toLowerCase(), v));
            return out;
        }
    }

    static Tally tally() {
        Map<Outcome, Long> m = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            m.put(o, 0L);
        }
        return new Tally(m);
    }

    /** The outcome of linking {@code mention} when its company is {@code goldId}. */
    public static Outcome judge(Linker linker, String mention, String goldId) {
        Link l = linker.link(mention);
        if (l != null) {
            return l.id().equals(goldId) ? Outcome.CORRECT : Outcome.WRONG_RECORD;
        }
        return linker.table().aliases().lookup(Names.key(mention)).isEmpty()
                && linker.table().aliases().lookup(Names.stripLegalSuffix(Names.key(mention))).isEmpty()
                ? Outcome.UNKNOWN : Outcome.AMBIGUOUS;
    }

    /**
     * Alias pairs the corpus gives for free: in each document (paragraphs up to a blank line) a registered
     * name of the table directly followed by a declaration ({@code （以下简称“X”）}) makes X → that record the
     * gold; every later occurrence of X in the document is linked by {@code linker} <em>without</em> the
     * document rule (which would be circular). Returns the tally of pairs (first later occurrence of each
     * distinct (document, X)) and of all later occurrences.
     */
    public static Map<String, Object> corpusPairs(Path corpus, Linker linker) {
        Tally pairs = tally();
        Tally occurrences = tally();
        Map<String, Long> byKindOfAlias = new LinkedHashMap<>();
        int documents = 0;
        try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            StringBuilder doc = new StringBuilder();
            for (String line = r.readLine(); ; line = r.readLine()) {
                if (line == null || line.isBlank()) {
                    if (doc.length() > 0) {
                        documents++;
                        pairsOf(doc.toString(), linker, pairs, occurrences);
                        doc.setLength(0);
                    }
                    if (line == null) {
                        break;
                    }
                } else {
                    doc.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read corpus " + corpus + ": " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", documents);
        out.put("pairs", pairs.report());
        out.put("later_occurrences", occurrences.report());
        return out;
    }

    private static void pairsOf(String text, Linker linker, Tally pairs, Tally occurrences) {
        if (text.indexOf("称") < 0) {
            return;
        }
        int[] cps = CodePoints.of(text);
        Set<String> seen = new HashSet<>();
        for (DocumentAliases.Declaration d : DocumentAliases.find(cps)) {
            Company gold = registeredNameBefore(text, d.nameEnd(), linker.table());
            if (gold == null || !seen.add(d.alias())) {
                continue;
            }
            int[] alias = d.alias().codePoints().toArray();
            boolean first = true;
            for (int s = d.aliasEnd() + 1; s + alias.length <= cps.length; s++) {
                if (java.util.Arrays.equals(cps, s, s + alias.length, alias, 0, alias.length)) {
                    Outcome o = judge(linker, d.alias(), gold.id());
                    occurrences.counts().merge(o, 1L, Long::sum);
                    if (first) {
                        pairs.counts().merge(o, 1L, Long::sum);
                        first = false;
                    }
                    s += alias.length - 1;
                }
            }
        }
    }

    /** The record whose registered name ends at {@code end} (longest first), or null. */
    static Company registeredNameBefore(String text, int end, CompanyTable table) {
        for (int s = Math.max(0, end - 40); s <= end - 4; s++) {
            String key = Names.key(CodePoints.substring(text, s, end));
            for (Aliases.Entry e : table.aliases().lookup(key)) {
                if (e.kind() == Aliases.Kind.REGISTERED) {
                    return e.company();
                }
            }
        }
        return null;
    }

    /**
     * Gold company mentions of {@code gold} linked by {@code linker} (the mention text alone, no document
     * rule): how many are linked, and every linked one as {@code [document, start, end, id, score]} for a hand check.
     */
    public static Map<String, Object> goldMentions(List<Document> gold, Linker linker, List<Object[]> linkedOut) {
        long total = 0;
        long linked = 0;
        long unknown = 0;
        long ambiguous = 0;
        for (int d = 0; d < gold.size(); d++) {
            for (Entity e : gold.get(d).entities()) {
                total++;
                Link l = linker.link(e.text());
                if (l != null) {
                    linked++;
                    linkedOut.add(new Object[]{d, e.start(), e.end(), l.id(), l.score()});
                } else if (linker.table().aliases().lookup(Names.key(e.text())).isEmpty()) {
                    unknown++;
                } else {
                    ambiguous++;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gold_mentions", total);
        out.put("linked", linked);
        out.put("share_linked", round(total == 0 ? 0 : (double) linked / total));
        out.put("not_linked_unknown", unknown);
        out.put("not_linked_ambiguous", ambiguous);
        return out;
    }

    static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }


    /**
     * Recall on declared aliases in whole articles: the documents of {@code corpus} with a declaration give,
     * as gold, every occurrence of a declared alias after its declaration (where the declared name is one of the
     * model's mentions or a registered name of the table). Reports how many of those occurrences the model
     * tags exactly on its own, and how many with the document rule ({@link CompanyLinker}), over at most
     * {@code maxDocuments} such documents (in corpus order).
     */
    public static Map<String, Object> declaredAliasRecall(Path corpus, CompanyLinker linker,
                                                          java.util.function.Function<List<String>, List<List<Entity>>> recognizer,
                                                          int maxDocuments) {
        List<String> docs = new java.util.ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            StringBuilder doc = new StringBuilder();
            for (String line = r.readLine(); docs.size() < maxDocuments; line = r.readLine()) {
                if (line == null || line.isBlank()) {
                    String d = doc.toString();
                    if (!d.isEmpty() && !DocumentAliases.find(CodePoints.of(d)).isEmpty()) {
                        docs.add(d);
                    }
                    doc.setLength(0);
                    if (line == null) {
                        break;
                    }
                } else {
                    doc.append(doc.length() == 0 ? "" : "\n").append(line);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read corpus " + corpus + ": " + e.getMessage());
        }
        List<List<Entity>> found = recognizer.apply(docs);
        long gold = 0;
        long model = 0;
        long withRule = 0;
        long declaredDocs = 0;
        for (int i = 0; i < docs.size(); i++) {
            String text = docs.get(i);
            int[] cps = CodePoints.of(text);
            Set<Long> modelSpans = spans(found.get(i));
            Set<Long> linkedSpans = spans(linker.link(text, found.get(i)));
            Map<Integer, Entity> byEnd = new java.util.HashMap<>();
            for (Entity e : found.get(i)) {
                byEnd.put(e.end(), e);
            }
            boolean any = false;
            Set<Long> seen = new HashSet<>();
            for (DocumentAliases.Declaration d : DocumentAliases.find(cps)) {
                if (!byEnd.containsKey(d.nameEnd()) && registeredNameBefore(text, d.nameEnd(), linker.linker().table()) == null) {
                    continue;
                }
                any = true;
                int[] alias = d.alias().codePoints().toArray();
                for (int s = d.aliasEnd() + 1; s + alias.length <= cps.length; s++) {
                    if (java.util.Arrays.equals(cps, s, s + alias.length, alias, 0, alias.length)) {
                        long key = ((long) s << 32) | (s + alias.length);
                        if (seen.add(key)) {
                            gold++;
                            model += modelSpans.contains(key) ? 1 : 0;
                            withRule += linkedSpans.contains(key) ? 1 : 0;
                        }
                        s += alias.length - 1;
                    }
                }
            }
            declaredDocs += any ? 1 : 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents_with_a_declaration", docs.size());
        out.put("documents_whose_declared_name_is_known", declaredDocs);
        out.put("later_alias_occurrences", gold);
        out.put("tagged_by_the_model", model);
        out.put("recall_model", round(gold == 0 ? 0 : (double) model / gold));
        out.put("tagged_with_document_rule", withRule);
        out.put("recall_with_document_rule", round(gold == 0 ? 0 : (double) withRule / gold));
        return out;
    }

    private static Set<Long> spans(List<Entity> entities) {
        Set<Long> out = new HashSet<>();
        for (Entity e : entities) {
            out.add(((long) e.start() << 32) | e.end());
        }
        return out;
    }
}
