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
    /** Stocks of the stock list that no name list has: code → short name. */
    private final Map<String, String> pendingStocks = new LinkedHashMap<>();
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
            Map<String, String> shortByCode = stockBasic(dataDir.resolve("gazetteers/a_share_stock_basic_2021.csv"));
            b.aShare(dataDir.resolve("gazetteers/a_share_companies_fullname_2021.jsonl"), shortByCode, log);
            b.stockBasic(dataDir.resolve("gazetteers/a_share_stock_basic_2021.csv"), log);
            b.smoothnlp(dataDir.resolve("smoothnlp_fin/companies_10k.jsonl"), log);
            b.pendingStocks(log);
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

    /**
     * The 2021 list gives some codes to several companies (e.g. one STAR-market code and short name on the
     * rows of ten large SSE companies): a code with more than one registered name is not trusted; the row's
     * code is recovered from the stock list where exactly one of its short names is an alias of the
     * registered name (三一重工股份有限公司 → 三一重工 600031), else the company is kept without code. A row
     * whose registered name shares two consecutive characters with its short name is trusted (a company
     * renamed since: both names are kept, the other as former name).
     */
    private void aShare(Path f, Map<String, String> shortByCode, Consumer<String> log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        Map<String, Set<String>> namesByCode = new LinkedHashMap<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                JsonNode o = json.readTree(l);
                namesByCode.computeIfAbsent(code(o), k -> new LinkedHashSet<>()).add(Names.key(o.path("fullname").asText("")));
            }
        }
        Map<String, List<String>> codesByShortKey = new LinkedHashMap<>();
        shortByCode.forEach((c, sn) -> codesByShortKey.computeIfAbsent(Aliases.shortVariant(Names.key(sn)), k -> new ArrayList<>()).add(c));
        // rows not to trust → the stock codes that could be theirs; then give each row whose only candidate
        // is free that code, and repeat (中国石油天然气 takes 中国石油, which leaves 中国石化 to 中国石油化工)
        Map<Integer, Set<String>> untrusted = new LinkedHashMap<>();
        int ln = 0;
        for (String l : lines) {
            ln++;
            if (!l.isBlank()) {
                JsonNode o = json.readTree(l);
                String name = Names.display(o.path("fullname").asText(""));
                if (namesByCode.getOrDefault(code(o), Set.of()).size() > 1 && !name.isEmpty() && !sharesABigram(name, o.path("name").asText(""))) {
                    untrusted.put(ln, candidates(name, namesByCode, codesByShortKey, shortByCode));
                }
            }
        }
        Map<Integer, String> resolved = new LinkedHashMap<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Map.Entry<Integer, Set<String>> e : untrusted.entrySet()) {
                Set<String> free = new LinkedHashSet<>(e.getValue());
                free.removeAll(resolved.values());
                if (!resolved.containsKey(e.getKey()) && free.size() == 1) {
                    resolved.put(e.getKey(), free.iterator().next());
                    changed = true;
                }
            }
        }
        int n = 0;
        int line = 0;
        int recovered = 0;
        int uncoded = 0;
        for (String l : lines) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            JsonNode o = json.readTree(l);
            String name = Names.display(o.path("fullname").asText(""));
            String code = code(o);
            String shortName = o.path("name").asText("");
            String exchange = o.path("location").asText("").startsWith("上海") ? "SSE" : o.path("location").asText("").startsWith("深圳") ? "SZSE" : null;
            if (untrusted.containsKey(line)) {
                String c = resolved.get(line);
                if (c != null && !byCode.containsKey(c)) {
                    code = c;
                    shortName = shortByCode.get(code);
                    exchange = null; // from the code
                    recovered++;
                } else {
                    draft(name, exchange);
                    uncoded++;
                    n++;
                    continue;
                }
            }
            if (name.isEmpty() || !code.matches("\\d{6}")) {
                skip(log, "skipped " + f + ":" + line + " (no registered name or six-digit code)");
                continue;
            }
            Draft known = byCode.get(code);
            if (known != null) {
                if (!known.name.equals(name)) {
                    known.otherNames.add(name); // renamed since 2021
                    byName.putIfAbsent(Names.key(name), known);
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
        log.accept("read " + n + " A-share companies from " + f + " (" + recovered + " codes shared by several companies recovered from the stock list, "
                + uncoded + " companies kept without code)");
    }

    /** The stock codes whose short name is an alias of {@code name}, else an abbreviation of it (the longest). */
    private static Set<String> candidates(String name, Map<String, Set<String>> namesByCode,
                                          Map<String, List<String>> codesByShortKey, Map<String, String> shortByCode) {
        Set<String> found = new LinkedHashSet<>();
        for (Company.Alias a : Aliases.generate(name, List.of(), List.of())) {
            found.addAll(codesByShortKey.getOrDefault(a.key(), List.of()));
        }
        found.removeIf(c -> namesByCode.containsKey(c) && !namesByCode.get(c).equals(Set.of(Names.key(name))));
        if (found.isEmpty()) { // an abbreviation: 中国石化 of 中国石油化工股份有限公司
            String key = Names.key(name);
            for (Map.Entry<String, String> e : shortByCode.entrySet()) {
                String sk = Aliases.shortVariant(Names.key(e.getValue()));
                if (!namesByCode.containsKey(e.getKey()) && sk.length() >= 2 && key.startsWith(sk.substring(0, 1))
                        && subsequence(sk, key)) { // the corrupt rows' exchange is not trusted either
                    found.add(e.getKey());
                }
            }
            int longest = found.stream().mapToInt(c -> Names.key(shortByCode.get(c)).length()).max().orElse(0);
            found.removeIf(c -> Names.key(shortByCode.get(c)).length() < longest);
        }
        return found;
    }

    private static boolean subsequence(String small, String big) {
        int j = 0;
        for (int i = 0; i < big.length() && j < small.length(); i++) {
            if (big.charAt(i) == small.charAt(j)) {
                j++;
            }
        }
        return j == small.length();
    }

    private static boolean sharesABigram(String name, String shortName) {
        String n = Names.key(name);
        String sn = Aliases.shortVariant(Names.key(shortName));
        for (int i = 0; i + 2 <= sn.length(); i++) {
            if (n.contains(sn.substring(i, i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static String code(JsonNode o) {
        return o.path("code").asText("").trim().replaceFirst("(?i)\\.(sz|sh|bj)$", "");
    }

    /** Stock code → short name of the stock list. */
    private static Map<String, String> stockBasic(Path f) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] row : rows(f, ",", true)) {
            if (row.length >= 4 && row[2].trim().matches("\\d{6}") && !Names.key(row[3]).isEmpty()) {
                out.put(row[2].trim(), row[3]);
            }
        }
        return out;
    }

    private void stockBasic(Path f, Consumer<String> log) throws IOException {
        int n = 0;
        for (String[] row : rows(f, ",", true)) {
            if (row.length < 4) {
                continue;
            }
            Draft d = byCode.get(row[2].trim());
            if (d == null && row[2].trim().matches("\\d{6}") && !Names.key(row[3]).isEmpty()) {
                pendingStocks.put(row[2].trim(), row[3]);
                continue;
            }
            if (d != null && !Names.key(row[3]).isEmpty()) {
                String s = Names.display(row[3]);
                if (!d.shortNames.contains(s)) {
                    d.otherNames.add(s);
                }
                n++;
            }
        }
        log.accept("read " + n + " short names of known codes from " + f + "; " + pendingStocks.size()
                + " stocks the name lists lack, matched after the unlisted companies");
    }

    /**
     * A stock no name list has: given to the one uncoded record whose registered name has its short name as
     * an alias (亚辉龙 → 深圳市亚辉龙生物科技股份有限公司), else a record of its own whose name is the short
     * name (the data gives no registered name).
     */
    private void pendingStocks(Consumer<String> log) {
        Map<String, List<Draft>> uncodedByAlias = new LinkedHashMap<>();
        for (Draft d : all) {
            if (d.codes.isEmpty()) {
                for (Company.Alias a : Aliases.generate(d.name, List.of(), List.of())) {
                    uncodedByAlias.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(d);
                }
            }
        }
        int attached = 0;
        int own = 0;
        for (Map.Entry<String, String> e : pendingStocks.entrySet()) {
            List<Draft> hit = uncodedByAlias.getOrDefault(Aliases.shortVariant(Names.key(e.getValue())), List.of());
            Draft d;
            if (hit.size() == 1 && hit.get(0).codes.isEmpty()) {
                d = hit.get(0);
                d.exchange = null;
                attached++;
            } else if (byName.containsKey(Names.key(e.getValue()))) {
                continue;
            } else {
                d = draft(Names.display(e.getValue()), null);
                own++;
            }
            addCode(d, e.getKey(), e.getValue());
        }
        log.accept("stocks the name lists lack: " + attached + " given to a company of the same name, " + own
                + " kept under their short name (no registered name in the data)");
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
