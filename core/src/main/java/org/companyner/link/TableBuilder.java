package org.companyner.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the {@link CompanyTable} from the shared data folder: names and codes only (facts), no
 * descriptions, addresses or people.
 *
 * <ol>
 *   <li>{@code gazetteers/szse_listed_companies.tsv} (SZSE, 2025): registered name, A/B codes and short names;</li>
 *   <li>{@code gazetteers/a_share_companies_fullname_2021.jsonl} (SSE + SZSE, 2021): short name, registered
 *       name, code; where SZSE 2025 gives the same code another name, the 2021 names become former names;</li>
 *   <li>{@code gazetteers/a_share_stock_basic_2021.csv}: further short names of known codes;</li>
 *   <li>{@code smoothnlp_fin/companies_10k.jsonl}: brand name + registered name of unlisted companies
 *       (merged into a listed record with the same registered name).</li>
 * </ol>
 */
public final class TableBuilder {
    private final Map<String, Draft> byCode = new LinkedHashMap<>();
    private final Map<String, Draft> byName = new LinkedHashMap<>();
    private final List<Draft> all = new ArrayList<>();
    private int skipped;

    private TableBuilder() {
    }

    /** What a build read. */
    public record Summary(int companies, int listed, int aliases, int skippedRows) {
    }

    /**
     * The table from {@code dataDir} (the folder holding {@code gazetteers/} and {@code smoothnlp_fin/}).
     *
     * @param log one line per source read, and per skipped row
     * @throws UserError when a source file is missing or malformed
     */
    public static CompanyTable build(Path dataDir, Consumer<String> log) {
        TableBuilder b = new TableBuilder();
        try {
            b.szse(dataDir.resolve("gazetteers/szse_listed_companies.tsv"), log);
            b.aShare(dataDir.resolve("gazetteers/a_share_companies_fullname_2021.jsonl"), log);
            b.stockBasic(dataDir.resolve("gazetteers/a_share_stock_basic_2021.csv"), log);
            b.smoothnlp(dataDir.resolve("smoothnlp_fin/companies_10k.jsonl"), log);
        } catch (IOException e) {
            throw new UserError("cannot read " + dataDir + ": " + e.getMessage());
        }
        List<Company> out = new ArrayList<>(b.all.size());
        Set<String> ids = new LinkedHashSet<>();
        for (Draft d : b.all) {
            String id = d.codes.isEmpty() ? "N" + sha1(d.name).substring(0, 10) : d.codes.iterator().next() + "." + suffix(d.exchange);
            if (!ids.add(id)) {
                continue; // the same registered name twice in the unlisted source
            }
            d.otherNames.remove(d.name);
            d.otherNames.removeAll(d.shortNames);
            out.add(CompanyTable.company(id, d.name, List.copyOf(d.shortNames), List.copyOf(d.otherNames),
                    List.copyOf(d.codes), d.exchange));
        }
        if (b.skipped > 0) {
            log.accept("skipped " + b.skipped + " rows without a registered name or code (the first 10 listed above)");
        }
        return CompanyTable.of(out);
    }

    private void szse(Path f, Consumer<String> log) throws IOException {
        int n = 0;
        for (String[] row : rows(f, "\t", true)) {
            String name = Names.display(row[1]);
            if (name.isEmpty()) {
                skip(log, "skipped a row of " + f + " without a registered name: code " + (row.length > 3 ? row[3] : "?"));
                continue;
            }
            Draft d = draft(name, "SZSE");
            addCode(d, row[3], row[4]);
            if (row.length > 6) {
                addCode(d, row[5], row[6]);
            }
            n++;
        }
        log.accept("read " + n + " SZSE companies from " + f);
    }

    private void aShare(Path f, Consumer<String> log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        int line = 0;
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            JsonNode o = json.readTree(l);
            String name = Names.display(o.path("fullname").asText(""));
            String code = o.path("code").asText("").trim().replaceFirst("(?i)\\.(sz|sh|bj)$", "");
            String shortName = o.path("name").asText("");
            String exchange = o.path("location").asText("").startsWith("上海") ? "SSE" : o.path("location").asText("").startsWith("深圳") ? "SZSE" : null;
            if (name.isEmpty() || !code.matches("\\d{6}")) {
                skip(log, "skipped " + f + ":" + line + " (no registered name or six-digit code)");
                continue;
            }
            Draft known = byCode.get(code);
            if (known != null) {
                if (!known.name.equals(name)) {
                    known.otherNames.add(name); // renamed since 2021
                }
                if (!Names.key(shortName).isEmpty() && !known.shortNames.contains(Names.display(shortName))) {
                    known.otherNames.add(Names.display(shortName));
                }
            } else {
                Draft d = draft(name, exchange);
                addCode(d, code, shortName);
            }
            n++;
        }
        log.accept("read " + n + " A-share companies from " + f);
    }

    private void stockBasic(Path f, Consumer<String> log) throws IOException {
        int n = 0;
        for (String[] row : rows(f, ",", true)) {
            if (row.length < 4) {
                continue;
            }
            Draft d = byCode.get(row[2].trim());
            if (d != null && !Names.key(row[3]).isEmpty()) {
                String s = Names.display(row[3]);
                if (!d.shortNames.contains(s)) {
                    d.otherNames.add(s);
                }
                n++;
            }
        }
        log.accept("read " + n + " short names of known codes from " + f);
    }

    private void smoothnlp(Path f, Consumer<String> log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        int line = 0;
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            JsonNode o = json.readTree(l);
            String name = Names.display(o.path("公司名称").asText(""));
            String brand = Names.display(o.path("名称").asText(""));
            if (name.isEmpty()) {
                skip(log, "skipped " + f + ":" + line + " (no registered name)");
                continue;
            }
            Draft d = byName.get(Names.key(name));
            if (d == null) {
                d = draft(name, null);
            }
            if (!brand.isEmpty() && !d.shortNames.contains(brand)) {
                d.shortNames.add(brand);
            }
            n++;
        }
        log.accept("read " + n + " companies (names only) from " + f);
    }

    private Draft draft(String name, String exchange) {
        Draft d = byName.get(Names.key(name));
        if (d == null) {
            d = new Draft(name, exchange);
            byName.put(Names.key(name), d);
            all.add(d);
        }
        return d;
    }

    private void addCode(Draft d, String code, String shortName) {
        String c = code == null ? "" : code.trim();
        if (c.matches("\\d{6}") && !d.codes.contains(c)) {
            d.codes.add(c);
            byCode.putIfAbsent(c, d);
            if (d.exchange == null) {
                d.exchange = c.startsWith("6") || c.startsWith("9") ? "SSE" : c.startsWith("8") || c.startsWith("4") ? "BSE" : "SZSE";
            }
        }
        if (shortName != null && !Names.key(shortName).isEmpty()) {
            String s = Names.display(shortName);
            if (!d.shortNames.contains(s)) {
                d.shortNames.add(s);
            }
        }
    }

    private void skip(Consumer<String> log, String line) {
        if (++skipped <= 10) {
            log.accept(line);
        }
    }

    private static List<String[]> rows(Path f, String sep, boolean header) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new UserError("company source not found: " + f + " (--data must be the shared data folder holding gazetteers/ and smoothnlp_fin/)");
        }
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            if (header) {
                r.readLine();
            }
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    out.add(l.split(sep, -1));
                }
            }
        }
        return out;
    }

    private static String suffix(String exchange) {
        return exchange == null ? "X" : switch (exchange) {
            case "SSE" -> "SH";
            case "SZSE" -> "SZ";
            case "BSE" -> "BJ";
            default -> "X";
        };
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Draft {
        final String name;
        String exchange;
        final List<String> codes = new ArrayList<>(2);
        final List<String> shortNames = new ArrayList<>(2);
        final Set<String> otherNames = new LinkedHashSet<>();

        Draft(String name, String exchange) {
            this.name = name;
            this.exchange = exchange;
        }
    }
}
