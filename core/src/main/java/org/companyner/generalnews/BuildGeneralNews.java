package org.companyner.generalnews;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.companyner.UserError;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * Builds {@code data/general-news/companies.tsv}: every ORG mention of the two test files with the
 * decision of the hand overrides ({@code overrides.tsv}, keyed by source, sentence, start, end) or else of
 * {@link CompanyRule}. A maintenance tool, run from the project root after {@code mvn -pl core compile}:
 * <pre>
 * java -cp core/target/classes:$(cat cli/target/classpath.txt) org.companyner.generalnews.BuildGeneralNews \
 *      ../shared/data data/general-news [/tmp/review.tsv]
 * </pre>
 * The optional third argument writes every decision with its mention and context for reading by eye;
 * it holds corpus text, so keep it outside the repository.
 */
public final class BuildGeneralNews {
    private BuildGeneralNews() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BuildGeneralNews DATA_ROOT OUT_DIR [REVIEW_FILE]");
            System.exit(2);
        }
        Path dataRoot = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        CompanyRule rule = new CompanyRule(CompanyRule.Evidence.load(dataRoot.resolve("gazetteers")));
        Map<String, Boolean> overrides = overrides(outDir.resolve("overrides.tsv"));
        int used = 0;
        try (BufferedWriter table = Files.newBufferedWriter(outDir.resolve("companies.tsv"), StandardCharsets.UTF_8);
             PrintWriter review = args.length > 2 ? new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) : null) {
            table.write("# General-news company set: every ORG mention of two newswire NER test files, decided COMPANY or OTHER.\n");
            table.write("# Rule: data/general-news/RULE.md. Offsets are [start, end) in code points of the sentence; sentences are\n");
            table.write("# numbered from 0 in file order (blank lines separate them). Text is never stored here: it is read from\n");
            table.write("# ../shared/data at run time, and a changed file (SHA-256) is an error. Built by BuildGeneralNews.\n");
            StringBuilder rows = new StringBuilder();
            for (GeneralNews.Source source : GeneralNews.SOURCES) {
                Path file = dataRoot.resolve(source.path());
                List<Document> sentences = DataReader.read(file, Format.BIO, LabelMap.parse("ORG"));
                table.write("# file\t" + source.id() + "\t" + source.path() + "\tsha256=" + GeneralNews.sha256(file)
                        + "\tsentences=" + sentences.size() + "\n");
                for (int i = 0; i < sentences.size(); i++) {
                    Document d = sentences.get(i);
                    for (Entity e : d.entities()) {
                        String key = key(source.id(), i, e.start(), e.end());
                        CompanyRule.Decision decision = rule.decide(e.text());
                        Boolean hand = overrides.get(key);
                        boolean company = hand != null ? hand : decision.company();
                        used += hand != null ? 1 : 0;
                        rows.append(key).append('\t').append(company ? "COMPANY" : "OTHER").append('\t')
                                .append(hand != null ? "hand" : "rule").append('\n');
                        if (review != null) {
                            String text = d.text();
                            int n = CodePoints.length(text);
                            review.println(key + "\t" + (company ? "COMPANY" : "OTHER") + "\t" + (hand != null ? "hand" : decision.reason())
                                    + "\t" + e.text() + "\t" + CodePoints.substring(text, Math.max(0, e.start() - 12), e.start())
                                    + "[" + e.text() + "]" + CodePoints.substring(text, e.end(), Math.min(n, e.end() + 12)));
                        }
                    }
                }
            }
            table.write(GeneralNews.Table.HEADER + "\n");
            table.write(rows.toString());
        }
        if (used != overrides.size()) {
            throw new UserError("overrides.tsv: " + (overrides.size() - used) + " override(s) match no ORG mention");
        }
    }

    private static String key(String source, int sentence, int start, int end) {
        return source + "\t" + sentence + "\t" + start + "\t" + end;
    }

    /** {@code source sentence start end COMPANY|OTHER [why]}, tab-separated (why: a category, never corpus text); {@code #} lines are comments. */
    private static Map<String, Boolean> overrides(Path file) throws IOException {
        Map<String, Boolean> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 5 || !(f[4].equals("COMPANY") || f[4].equals("OTHER"))) {
                throw new UserError(file + ":" + lineNo + ": expected 'source<TAB>sentence<TAB>start<TAB>end<TAB>COMPANY|OTHER'");
            }
            if (out.put(key(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])), f[4].equals("COMPANY")) != null) {
                throw new UserError(file + ":" + lineNo + ": a second override for the same mention");
            }
        }
        return out;
    }
}
