package org.companyner.label;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.companyner.lexicon.LexiconBuilder;
import org.companyner.text.Entity;

/**
 * Leftmost-longest match of a company name list on normalised text, offsets in the original.
 *
 * <p>Confidence: one fixed prior per list, chosen before measuring and stated where the list is
 * built: {@link #TRUSTED_CONFIDENCE} for exchange and company-record names, {@link #WIDE_CONFIDENCE}
 * for the wider list, whose distant-supervision strings include regulators, people and indices
 * (gazetteers/README.txt). docs/sources.md has the precision each list actually reaches.
 */
public final class GazetteerSource implements LabellingSource {
    /** Tags of {@code company_names_union.tsv} that come from exchange tables and company records. */
    public static final Set<String> TRUSTED_TAGS = Set.of("listed_full", "listed_short", "smoothnlp_full");
    /** Every tag of the union list (the training lexicon's default). */
    public static final Set<String> WIDE_TAGS = LexiconBuilder.DEFAULT_SOURCES;
    public static final double TRUSTED_CONFIDENCE = 0.9;
    public static final double WIDE_CONFIDENCE = 0.6;

    private final String name;
    private final NameMatcher names;
    private final double confidence;

    /** A source called {@code name} matching {@code names} (at least two characters) with one confidence. */
    public GazetteerSource(String name, Collection<String> names, double confidence) {
        Texts.checkConfidence(confidence);
        this.name = name;
        this.names = new NameMatcher(names, 2);
        this.confidence = confidence;
    }

    /**
     * The names of {@code gazetteers/company_names_union.tsv} under {@code gazetteerDir} that carry one
     * of {@code tags}, filtered as the training lexicon is ({@link LexiconBuilder#names}).
     */
    public static GazetteerSource fromUnion(String name, Path gazetteerDir, Set<String> tags, double confidence) {
        return new GazetteerSource(name, LexiconBuilder.names(gazetteerDir, tags), confidence);
    }

    /** Number of distinct normalised names. */
    public int size() {
        return names.size();
    }

    boolean contains(String name) {
        return names.contains(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        return texts.stream().map(t -> Texts.entities(t, names.matches(Texts.normalised(t)), confidence)).toList();
    }
}
