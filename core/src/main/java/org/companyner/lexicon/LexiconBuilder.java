package org.companyner.lexicon;

import org.companyner.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the training-time {@link Gazetteer} from the data folder's {@code gazetteers/}:
 * {@code company_names_union.tsv} (name, comma-separated sources) and {@code companynameparser_suffix.txt}.
 *
 * <p>Filtering rule (documented, not tuned on test errors): a name is kept when it has at least
 * two characters and comes from a chosen source; names of two characters, pure-ASCII names under
 * four characters, names that are themselves a legal suffix or an industry word, and names that
 * are common finance terms (THUOCL 财经 lexicon) are kept only when a listed-company table
 * vouches for them ({@code listed_full}/{@code listed_short}). This drops 公司, 集团, 百分点-like
 * words and short noisy strings from the distant-supervision sources.
 */
public final class LexiconBuilder {
    /** Sources used by default: everything in the union list (brand words are a separate, unused file). */
    public static final Set<String> DEFAULT_SOURCES = Set.of("listed_full", "listed_short", "smoothnlp_full",
            "smoothnlp_short", "hanlp_org_companylike", "finre_train_entity", "ccks2019_subject_train",
            "bdci2019_newentity_train", "finnsp_train_entity");
    private static final Set<String> TRUSTED = Set.of("listed_full", "listed_short");

    private LexiconBuilder() {
    }

    public static Gazetteer fromDirectory(Path dir, Set<String> sources) {
        return new Gazetteer(names(dir, sources), Gazetteer.readNameList(dir.resolve("companynameparser_suffix.txt")));
    }

    /**
     * The names of {@code company_names_union.tsv} tagged with one of {@code sources}, after the
     * filtering rule above (also used by the weak-labelling name-list source).
     */
    public static List<String> names(Path dir, Set<String> sources) {
        Path union = dir.resolve("company_names_union.tsv");
        Path suffixFile = dir.resolve("companynameparser_suffix.txt");
        if (!Files.isRegularFile(union) || !Files.isRegularFile(suffixFile)) {
            throw new UserError("gazetteer folder must hold company_names_union.tsv and companynameparser_suffix.txt: " + dir);
        }
        List<String> suffixes = Gazetteer.readNameList(suffixFile);
        Set<String> common = new HashSet<>();
        for (String s : suffixes) {
            common.add(Gazetteer.key(s));
        }
        for (String file : List.of("companynameparser_trade.txt", "thuocl_caijing.txt")) {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) {
                for (String line : Gazetteer.readNameList(p)) {
                    common.add(Gazetteer.key(line.split("\\s+")[0]));
                }
            }
        }
        List<String> names = new ArrayList<>();
        List<String> lines = Gazetteer.readLines(union, "gazetteer");
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).split("\t");
            if (cols.length < 2) {
                continue;
            }
            Set<String> from = Set.of(cols[1].split(","));
            if (from.stream().noneMatch(sources::contains)) {
                continue;
            }
            String key = Gazetteer.key(cols[0]);
            int len = key.codePointCount(0, key.length());
            boolean trusted = from.stream().anyMatch(TRUSTED::contains);
            boolean weak = len <= 2 || (key.chars().allMatch(c -> c < 128) && len < 4) || common.contains(key);
            if (len >= 2 && (trusted || !weak)) {
                names.add(cols[0]);
            }
        }
        return names;
    }
}
