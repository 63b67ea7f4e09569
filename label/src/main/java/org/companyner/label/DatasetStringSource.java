package org.companyner.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.text.Entity;

/**
 * Entity strings of a data set placed by exact (normalised, leftmost-longest) match.
 *
 * <ul>
 * <li>{@link #ownTexts}: in the data set's OWN texts, each text matched against its own strings only,
 * every occurrence; other texts get nothing. This is the distant-supervision labeller.</li>
 * <li>{@link #everywhere}: all strings as one list, matched in any text; what the list would find on
 * another data set (how docs/sources.md measures these sources on CLUENER and CFSC).</li>
 * </ul>
 * Confidence: one prior per data set (its annotation is partial and not company-only; see
 * {@link SourceCatalog}).
 */
public final class DatasetStringSource implements LabellingSource {
    private final String name;
    private final Map<String, NameMatcher> byText;
    private final NameMatcher all;
    private final double confidence;

    private DatasetStringSource(String name, Map<String, NameMatcher> byText, NameMatcher all, double confidence) {
        Texts.checkConfidence(confidence);
        this.name = name;
        this.byText = byText;
        this.all = all;
        this.confidence = confidence;
    }

    /** Labels the texts of {@code stringsByText} with their own strings (at least two characters). */
    public static DatasetStringSource ownTexts(String name, Map<String, Set<String>> stringsByText, double confidence) {
        Map<String, NameMatcher> byText = new HashMap<>();
        stringsByText.forEach((text, strings) -> byText.put(text, new NameMatcher(strings, 2)));
        return new DatasetStringSource(name, byText, null, confidence);
    }

    /** Labels any text with the union of all strings (at least two characters). */
    public static DatasetStringSource everywhere(String name, Collection<? extends Collection<String>> strings, double confidence) {
        List<String> flat = new ArrayList<>();
        strings.forEach(flat::addAll);
        return new DatasetStringSource(name, Map.of(), new NameMatcher(flat, 2), confidence);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        List<List<Entity>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            NameMatcher m = all != null ? all : byText.get(text);
            out.add(m == null ? List.of() : Texts.entities(text, m.matches(Texts.normalised(text)), confidence));
        }
        return out;
    }
}
