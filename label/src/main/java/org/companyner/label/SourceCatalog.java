package org.companyner.label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.UserError;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Document;

/**
 * The labelling sources by name, built from the shared data folder ({@code ../shared/data}; each
 * subfolder's README.txt gives source, format and split). Data-set and NER-corpus sources read TRAIN
 * splits only; MSRA and People's Daily have none in the data folder (only test, dev/test), so they
 * are listed in {@link #UNAVAILABLE} and refused rather than labelled from an evaluation split.
 *
 * <p>Priors per data set (confidence of every span of that source, fixed before measuring): CCKS 2019
 * subjects 0.7 (mostly companies or their short names), FinCUGE 0.6 (FinRE/finnsp strings include
 * people, indices and regulators), BDCI 2019 0.5 (platforms, apps, coins), Resume ORG 0.8 (listed
 * companies' executives' résumés), Weibo ORG.NAM 0.5 (informal, generic).
 */
public final class SourceCatalog {
    public static final List<String> NAMES = List.of("gazetteer-trusted", "gazetteer-wide", "brand", "suffix", "hanlp",
            "ccks2019", "bdci2019", "fincuge", "resume", "weibo");
    /** Sources named in the plan whose train split is not in the data folder. */
    public static final Map<String, String> UNAVAILABLE = Map.of(
            "msra", "msra_ner holds only the test split (msra_test_bio.txt); train is missing (README.txt)",
            "people-daily", "people_daily1998_ner holds only example.dev/example.test; example.train is missing (README.txt)");

    private final Path root;
    private final boolean ownTexts;
    private GazetteerSource trusted;

    /**
     * @param dataRoot the shared data folder
     * @param ownTexts data-set and NER-corpus sources label only their own texts (distant supervision);
     *                 otherwise their string lists are matched in any text (for scoring on other data)
     */
    public SourceCatalog(Path dataRoot, boolean ownTexts) {
        if (!Files.isDirectory(dataRoot)) {
            throw new UserError("data folder not found: " + dataRoot + " (give --data-root)");
        }
        this.root = dataRoot;
        this.ownTexts = ownTexts;
    }

    /** The sources called {@code names}, in order. */
    public List<LabellingSource> build(List<String> names) {
        List<LabellingSource> out = new ArrayList<>();
        for (String n : names) {
            out.add(build(n));
        }
        return out;
    }

    public LabellingSource build(String name) {
        Path gaz = root.resolve("gazetteers");
        return switch (name) {
            case "gazetteer-trusted" -> trusted();
            case "gazetteer-wide" -> GazetteerSource.fromUnion(name, gaz, GazetteerSource.WIDE_TAGS, GazetteerSource.WIDE_CONFIDENCE);
            case "brand" -> new BrandSource(Gazetteer.readNameList(gaz.resolve("companynameparser_brand.txt")));
            case "suffix" -> new SuffixSource(Gazetteer.readNameList(gaz.resolve("companynameparser_suffix.txt")), generic(gaz));
            case "hanlp" -> new HanlpOrgSource(trusted()::contains);
            case "ccks2019" -> strings(name, DatasetStrings.ccks2019(root.resolve("ccks2019_fin_event_subject")), 0.7);
            case "bdci2019" -> strings(name, DatasetStrings.bdci2019(root.resolve("ccf_bdci2019_fin_new_entity")), 0.5);
            case "fincuge" -> strings(name, DatasetStrings.fincuge(root.resolve("fincuge")), 0.6);
            case "resume" -> corpus(name, root.resolve("resume_ner/train.char.bmes"), Format.BMES, "ORG", 0.8);
            case "weibo" -> corpus(name, root.resolve("weibo_ner/weiboNER_2nd_conll.train"), Format.BIO, "ORG.NAM", 0.5);
            default -> throw new UserError(UNAVAILABLE.containsKey(name) ? "source " + name + " is not available: " + UNAVAILABLE.get(name)
                    : "unknown source '" + name + "' (known: " + String.join(", ", NAMES) + ", model)");
        };
    }

    private GazetteerSource trusted() {
        if (trusted == null) {
            trusted = GazetteerSource.fromUnion("gazetteer-trusted", root.resolve("gazetteers"),
                    GazetteerSource.TRUSTED_TAGS, GazetteerSource.TRUSTED_CONFIDENCE);
        }
        return trusted;
    }

    /** Industry words and finance terms: no name on their own before a suffix (as LexiconBuilder's filter). */
    private static List<String> generic(Path gaz) {
        List<String> out = new ArrayList<>();
        for (String file : List.of("companynameparser_trade.txt", "thuocl_caijing.txt")) {
            Path p = gaz.resolve(file);
            if (Files.isRegularFile(p)) {
                Gazetteer.readNameList(p).forEach(l -> out.add(l.split("\\s+")[0]));
            }
        }
        return out;
    }

    private LabellingSource strings(String name, Map<String, Set<String>> byText, double confidence) {
        return ownTexts ? DatasetStringSource.ownTexts(name, byText, confidence)
                : DatasetStringSource.everywhere(name, byText.values(), confidence);
    }

    private LabellingSource corpus(String name, Path file, Format format, String label, double confidence) {
        List<Document> docs = DataReader.read(file, format, LabelMap.parse(label));
        return ownTexts ? NerCorpusSource.ownTexts(name, docs, trusted()::contains, confidence)
                : NerCorpusSource.everywhere(name, docs, trusted()::contains, confidence);
    }
}
