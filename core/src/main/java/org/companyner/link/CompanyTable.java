package org.companyner.link;

import org.companyner.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The company records the linker resolves mentions to, and their alias index.
 *
 * <p>File format (gzip, UTF-8): a header line {@value #HEADER}, then one record a line, tab-separated:
 * {@code id, name, short names, other names, codes, exchange}; lists are {@code |}-separated, an empty
 * field is {@code -}. Aliases are not stored: {@link Aliases#generate} derives them on load.
 */
public final class CompanyTable {
    static final String HEADER = "#company-ner companies v1\tid\tname\tshort\tother\tcodes\texchange";

    private final List<Company> companies;
    private final Map<String, Company> byId;
    private final Aliases aliases;

    private CompanyTable(List<Company> companies) {
        this.companies = List.copyOf(companies);
        this.byId = new HashMap<>();
        for (Company c : companies) {
            if (byId.put(c.id(), c) != null) {
                throw new IllegalArgumentException("duplicate company id " + c.id());
            }
        }
        this.aliases = Aliases.index(this.companies);
    }

    /** A table of {@code companies} (ids must be unique). */
    public static CompanyTable of(List<Company> companies) {
        return new CompanyTable(companies);
    }

    /** A record with aliases generated from its names. */
    public static Company company(String id, String name, List<String> shortNames, List<String> otherNames,
                                  List<String> codes, String exchange) {
        String display = Names.display(name);
        List<String> shorts = shortNames.stream().map(Names::display).distinct().toList();
        List<String> others = otherNames.stream().map(Names::display).distinct().toList();
        return new Company(id, display, shorts, others, codes, exchange, Aliases.generate(display, shorts, others, !codes.isEmpty()));
    }

    public List<Company> companies() {
        return companies;
    }

    public Company byId(String id) {
        return byId.get(id);
    }

    public Aliases aliases() {
        return aliases;
    }

    public int size() {
        return companies.size();
    }

    /**
     * Reads a table file.
     *
     * @throws UserError naming the file (and line) that is missing or malformed
     */
    public static CompanyTable read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserError("company table not found: " + file + " (build one with 'company-ner companies build')");
        } catch (IOException e) {
            throw new UserError("cannot read company table " + file + ": " + e.getMessage());
        }
    }

    /** Reads a table from a gzip stream; {@code name} is used in error messages. */
    public static CompanyTable read(InputStream gz, String name) throws IOException {
        List<Company> out = new ArrayList<>();
        BufferedReader r;
        try {
            r = new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("company table " + name + " is not gzip: " + e.getMessage());
        }
        String header = r.readLine();
        if (!HEADER.equals(header)) {
            throw new UserError("company table " + name + " does not start with the header '" + HEADER.replace("\t", "\\t") + "'");
        }
        int lineNo = 1;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new UserError(name + ":" + lineNo + ": expected 6 tab-separated fields, found " + f.length);
            }
            try {
                out.add(company(f[0], f[1], list(f[2]), list(f[3]), list(f[4]), "-".equals(f[5]) ? null : f[5]));
            } catch (IllegalArgumentException e) {
                throw new UserError(name + ":" + lineNo + ": " + e.getMessage());
            }
        }
        try {
            return new CompanyTable(out);
        } catch (IllegalArgumentException e) {
            throw new UserError("company table " + name + ": " + e.getMessage());
        }
    }

    /** Writes the table as gzip; deterministic bytes for the same records (no timestamp in the gzip header). */
    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        };
        Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8);
        w.write(HEADER);
        w.write('\n');
        for (Company c : companies) {
            w.write(String.join("\t", c.id(), c.name(), join(c.shortNames()), join(c.otherNames()), join(c.codes()),
                    c.exchange() == null ? "-" : c.exchange()));
            w.write('\n');
        }
        w.flush();
        gz.finish();
    }

    private static List<String> list(String field) {
        return "-".equals(field) || field.isEmpty() ? List.of() : Arrays.asList(field.split("\\|"));
    }

    private static String join(List<String> l) {
        for (String s : l) {
            if (s.contains("|") || s.contains("\t")) {
                throw new IllegalArgumentException("a name holds '|' or a tab: " + s);
            }
        }
        return l.isEmpty() ? "-" : String.join("|", l);
    }
}
