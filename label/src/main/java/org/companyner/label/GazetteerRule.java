package org.companyner.label;

import java.util.List;
import org.companyner.text.Document;

/**
 * Gazetteer back-fill: leftmost-longest matches of a trusted name list ({@link GazetteerSource},
 * normally {@code gazetteer-trusted}: exchange tables and company records) are added where every
 * character is still {@code O} (guards in {@link BackFill}). Confidence: the source's, which is
 * {@link GazetteerSource#TRUSTED_CONFIDENCE} (0.9) for the trusted list.
 */
public final class GazetteerRule implements RepairRule {
    private final GazetteerSource source;

    public GazetteerRule(GazetteerSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "gazetteer";
    }

    @Override
    public Result apply(Document d, RepairContext c) {
        return BackFill.add(name(), d, source.label(List.of(d.text())).get(0), c.normalised(), e -> null);
    }
}
