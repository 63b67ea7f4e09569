package org.companyner.label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.companyner.UserError;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Document;

/**
 * The repair step of weak supervision: rules applied to every document in the order given, each on
 * the previous rule's output, and a {@link RepairReport} of what they did. The plain function behind
 * the {@code repair} verb.
 */
public final class Repairs {
    /** The rule names, in the order the verb applies them by default. */
    public static final List<String> NAMES = List.of("boundary", "suffix", "tagger", "gazetteer");

    /** Repaired documents (same order and texts as the input) and the report. */
    public record Run(List<Document> documents, RepairReport report) {
        public Run {
            documents = List.copyOf(documents);
        }
    }

    private Repairs() {
    }

    /** Applies {@code rules} in order to each of {@code documents}. */
    public static Run apply(List<Document> documents, List<RepairRule> rules) {
        Words words = Words.dictionaryOnly();
        RepairReport.Builder report = new RepairReport.Builder(rules.stream().map(RepairRule::name).toList());
        List<Document> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            RepairContext context = new RepairContext(d.text(), words);
            Document current = d;
            for (RepairRule rule : rules) {
                RepairRule.Result r = rule.apply(current, context);
                report.add(rule.name(), d.text(), r.changes());
                current = r.document();
            }
            report.document(d, current);
            out.add(current);
        }
        return new Run(out, report.build());
    }

    /**
     * Checks rule names before any data is read.
     *
     * @throws UserError for an empty list, an unknown or a repeated name
     */
    public static void checkNames(List<String> names) {
        if (names.isEmpty()) {
            throw new UserError("no repair rules given (known: " + String.join(", ", NAMES) + ")");
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!NAMES.contains(n)) {
                throw new UserError("unknown repair rule '" + n + "' (known: " + String.join(", ", NAMES) + ")");
            }
            if (names.subList(0, i).contains(n)) {
                throw new UserError("repair rule '" + n + "' is given twice");
            }
        }
    }

    /**
     * The rules called {@code names}, in order, with their lists from {@code dataRoot/gazetteers}:
     * {@code companynameparser_suffix.txt} (suffix) and the trusted names of
     * {@code company_names_union.tsv} (gazetteer; tagger uses them as its "listed" test).
     *
     * @throws UserError for an unknown rule or a missing list
     */
    public static List<RepairRule> build(List<String> names, Path dataRoot) {
        checkNames(names);
        Path gaz = dataRoot.resolve("gazetteers");
        GazetteerSource trusted = names.contains("tagger") || names.contains("gazetteer")
                ? GazetteerSource.fromUnion("gazetteer-trusted", need(gaz.resolve("company_names_union.tsv")).getParent(),
                        GazetteerSource.TRUSTED_TAGS, GazetteerSource.TRUSTED_CONFIDENCE)
                : null;
        List<RepairRule> rules = new ArrayList<>();
        for (String n : names) {
            rules.add(switch (n) {
                case "boundary" -> new BoundaryRule();
                case "suffix" -> new SuffixRule(Gazetteer.readNameList(need(gaz.resolve("companynameparser_suffix.txt"))));
                case "tagger" -> new TaggerRule(new HanlpOrgSource(trusted::contains));
                case "gazetteer" -> new GazetteerRule(trusted);
                default -> throw new IllegalStateException(n);
            });
        }
        return rules;
    }

    private static Path need(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("name list not found: " + file + " (give --data-root, the shared data folder)");
        }
        return file;
    }
}
