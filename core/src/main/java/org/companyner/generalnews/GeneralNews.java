package org.companyner.generalnews;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.UserError;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * The general-news company set: every sentence of the MSRA NER and People's Daily 1998 NER test files
 * with, as gold, those ORG mentions that {@code data/general-news/companies.tsv} decides are companies
 * (rule: {@code data/general-news/RULE.md}). The project stores only offsets and decisions; the text is
 * read from the shared data folder at run time, after checking each file's SHA-256 and that every
 * stored span is an ORG span of its sentence.
 *
 * @param documents    every sentence, msra first, then pd, each with its company mentions as entities
 * @param orgMentions  ORG mentions in the two files (all decided)
 * @param companies    of them, decided COMPANY
 * @param brandStyle   companies named by a brand-style short name: at most 3 code points, no company head
 * @param handDecided  decisions made by hand (overrides) rather than by {@link CompanyRule}
 */
public record GeneralNews(List<Document> documents, int orgMentions, int companies, int brandStyle, int handDecided) {
    /** The table inside the core jar (copied from {@code data/general-news/companies.tsv} by the build). */
    static final String TABLE_RESOURCE = "companies.tsv";

    /** What precision means here, for every report of scores on this set. */
    public static final String PRECISION_NOTE = "precision is only indicative: company names outside ORG spans "
            + "(e.g. brands labelled as products, or unlabelled) count as false positives; recall is the measure";

    /** A source test file: its id in the table and its path under the shared data folder. */
    public record Source(String id, String path) {
    }

    /** The two sources, in table order. */
    public static final List<Source> SOURCES = List.of(
            new Source("msra", "msra_ner/msra_test_bio.txt"),
            new Source("pd", "people_daily1998_ner/example.test"));

    public GeneralNews {
        documents = List.copyOf(documents);
    }

    /**
     * Reads the set with the shared data folder {@code dataRoot} (e.g. {@code ../shared/data}).
     *
     * @throws UserError if the folder or a source file is missing, a file has changed since the table was
     *                   built, or the table does not match the file
     */
    public static GeneralNews read(Path dataRoot) {
        InputStream in = GeneralNews.class.getResourceAsStream(TABLE_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the general-news table is missing from the classpath");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(dataRoot, r, "data/general-news/companies.tsv");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the set from {@code dataRoot} with the table {@code table} ({@code name} in messages). */
    static GeneralNews read(Path dataRoot, Reader table, String name) {
        if (!Files.isDirectory(dataRoot)) {
            throw new UserError("no such folder: " + dataRoot + " (the general-news set reads its text from the "
                    + "shared data folder, e.g. --data ../shared/data)");
        }
        Table t = Table.parse(table, name);
        List<Document> docs = new ArrayList<>();
        int mentions = 0;
        int companies = 0;
        int brandStyle = 0;
        int hand = 0;
        for (Source source : SOURCES) {
            Table.FileInfo info = t.files().get(source.id());
            if (info == null) {
                throw new UserError(name + ": no '# file " + source.id() + "' line");
            }
            Path file = dataRoot.resolve(info.path());
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file + " (needed by the general-news set; is " + dataRoot
                        + " the shared data folder?)");
            }
            String sha = sha256(file);
            if (!sha.equals(info.sha256())) {
                throw new UserError(file + " has changed: its SHA-256 is " + sha + ", the general-news table " + name
                        + " was built from " + info.sha256() + "; rebuild the table (see data/general-news/RULE.md)");
            }
            List<Document> sentences = DataReader.read(file, Format.BIO, LabelMap.parse("ORG"));
            if (sentences.size() != info.sentences()) {
                throw new UserError(file + " has " + sentences.size() + " sentences, the table expects " + info.sentences());
            }
            List<List<Entity>> gold = new ArrayList<>();
            List<Set<Long>> orgSpans = new ArrayList<>();
            for (Document d : sentences) {
                gold.add(new ArrayList<>());
                Set<Long> spans = new HashSet<>();
                d.entities().forEach(e -> spans.add(key(e.start(), e.end())));
                orgSpans.add(spans);
                mentions += spans.size();
            }
            int rows = 0;
            for (Table.Row row : t.rows()) {
                if (!row.source().equals(source.id())) {
                    continue;
                }
                rows++;
                if (row.sentence() >= sentences.size() || !orgSpans.get(row.sentence()).contains(key(row.start(), row.end()))) {
                    throw new UserError(name + ":" + row.line() + ": [" + row.start() + ", " + row.end() + ") of "
                            + source.id() + " sentence " + row.sentence() + " is not an ORG span of " + file);
                }
                hand += row.byHand() ? 1 : 0;
                if (row.company()) {
                    Entity e = Entity.of(sentences.get(row.sentence()).text(), row.start(), row.end(), Entity.COMPANY, 1.0);
                    gold.get(row.sentence()).add(e);
                    companies++;
                    if (e.end() - e.start() <= 3 && !CompanyRule.hasCompanyHead(e.text())) {
                        brandStyle++;
                    }
                }
            }
            int orgs = orgSpans.stream().mapToInt(Set::size).sum();
            if (rows != orgs) {
                throw new UserError(name + ": " + rows + " decisions for " + source.id() + ", but " + file + " has "
                        + orgs + " ORG mentions; rebuild the table (see data/general-news/RULE.md)");
            }
            for (int i = 0; i < sentences.size(); i++) {
                List<Entity> es = gold.get(i);
                es.sort(java.util.Comparator.comparingInt(Entity::start));
                docs.add(new Document(sentences.get(i).text(), es));
            }
        }
        return new GeneralNews(docs, mentions, companies, brandStyle, hand);
    }

    /** Counts for reports: sentences, ORG mentions, companies, brand-style companies, hand decisions. */
    public Map<String, Object> counts() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sentences", documents.size());
        out.put("org_mentions", orgMentions);
        out.put("company_mentions", companies);
        out.put("brand_style_companies", brandStyle);
        out.put("hand_decisions", handDecided);
        return out;
    }

    static long key(int start, int end) {
        return ((long) start << 32) | end;
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stored table: {@code # file ID PATH sha256=HEX sentences=N} lines, then one row per ORG
     * mention, {@code source sentence start end decision by} (tab-separated; decision COMPANY or OTHER,
     * by {@code rule} or {@code hand}); other {@code #} lines and the header row are comments.
     */
    record Table(Map<String, FileInfo> files, List<Row> rows) {
        static final String HEADER = "source\tsentence\tstart\tend\tdecision\tby";

        record FileInfo(String path, String sha256, int sentences) {
        }

        record Row(int line, String source, int sentence, int start, int end, boolean company, boolean byHand) {
        }

        static Table parse(Reader in, String name) {
            Map<String, FileInfo> files = new LinkedHashMap<>();
            List<Row> rows = new ArrayList<>();
            BufferedReader r = new BufferedReader(in);
            int lineNo = 0;
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    lineNo++;
                    if (line.startsWith("# file\t")) {
                        String[] f = line.split("\t");
                        if (f.length != 5 || !f[3].startsWith("sha256=") || !f[4].startsWith("sentences=")) {
                            throw new UserError(name + ":" + lineNo + ": expected '# file<TAB>ID<TAB>PATH<TAB>sha256=HEX<TAB>sentences=N'");
                        }
                        files.put(f[1], new FileInfo(f[2], f[3].substring(7), Integer.parseInt(f[4].substring(10))));
                    } else if (!line.isBlank() && !line.startsWith("#") && !line.equals(HEADER)) {
                        rows.add(row(line, lineNo, name));
                    }
                }
            } catch (IOException e) {
                throw new UserError("cannot read " + name + ": " + e.getMessage(), e);
            } catch (NumberFormatException e) {
                throw new UserError(name + ":" + lineNo + ": not a number: " + e.getMessage());
            }
            return new Table(files, rows);
        }

        private static Row row(String line, int lineNo, String name) {
            String[] f = line.split("\t", -1);
            if (f.length != 6 || !(f[4].equals("COMPANY") || f[4].equals("OTHER")) || !(f[5].equals("rule") || f[5].equals("hand"))) {
                throw new UserError(name + ":" + lineNo + ": expected '" + HEADER.replace("\t", "<TAB>")
                        + "' with decision COMPANY or OTHER and by rule or hand, found '" + line + "'");
            }
            return new Row(lineNo, f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f[4].equals("COMPANY"), f[5].equals("hand"));
        }
    }
}
