package org.companyner.label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * The ORG spans of a general NER corpus (Resume, MSRA, People's Daily, Weibo; train splits), kept
 * only where they look like companies: a company-like ending ({@link CompanyLike}: 华为技术有限公司
 * yes, 清华大学 / 本公司 / 国务院 no) or a trusted name list knows the string.
 *
 * <ul>
 * <li>{@link #ownTexts}: the corpus's own sentences get their own kept spans, offsets as annotated.</li>
 * <li>{@link #everywhere}: the kept ORG strings as one list, leftmost-longest in any text.</li>
 * </ul>
 * Confidence: one prior per corpus, given by the caller ({@link SourceCatalog}).
 */
public final class NerCorpusSource implements LabellingSource {
    private final String name;
    private final Map<String, List<Entity>> byText;

    private NerCorpusSource(String name, Map<String, List<Entity>> byText, double confidence) {
        Texts.checkConfidence(confidence);
        this.name = name;
        this.byText = byText;
    }

    /** Whether an ORG mention is kept as a company. */
    static boolean looksLikeCompany(String mention, Predicate<String> listed) {
        return CompanyLike.hasCompanyEnding(mention) || listed.test(mention);
    }

    /** @param orgs the corpus read with its ORG label(s) as company */
    public static NerCorpusSource ownTexts(String name, List<Document> orgs, Predicate<String> listed, double confidence) {
        Map<String, List<Entity>> byText = new HashMap<>();
        for (Document d : orgs) {
            List<Entity> kept = new ArrayList<>();
            for (Entity e : d.entities()) {
                if (looksLikeCompany(e.text(), listed)) {
                    kept.add(new Entity(e.start(), e.end(), e.text(), Entity.COMPANY, confidence));
                }
            }
            byText.putIfAbsent(d.text(), kept);
        }
        return new NerCorpusSource(name, byText, confidence);
    }

    /** The kept ORG strings as one list matched in any text: a {@link DatasetStringSource}. */
    public static LabellingSource everywhere(String name, List<Document> orgs, Predicate<String> listed, double confidence) {
        List<String> kept = orgs.stream().flatMap(d -> d.entities().stream()).map(Entity::text)
                .filter(t -> looksLikeCompany(t, listed)).toList();
        return DatasetStringSource.everywhere(name, List.of(kept), confidence);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        List<List<Entity>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(byText.getOrDefault(text, List.of()));
        }
        return out;
    }
}
