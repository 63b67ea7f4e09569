package org.companyner.io;

import org.companyner.text.Entity;

import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link LabelMap} in use by one reader: it also records every dataset label the file has, so
 * that a label that never occurs (a typo such as {@code compnay}) is reported, not read as "no companies".
 */
final class LabelUse {
    private final LabelMap map;
    private final Set<String> seen = new TreeSet<>();
    private boolean ourType;

    LabelUse(LabelMap map) {
        this.map = map;
    }

    boolean isCompany(String datasetLabel) {
        if (datasetLabel != null) {
            seen.add(datasetLabel);
        }
        return map.isCompany(datasetLabel);
    }

    /** Our JSONL's own type {@code COMPANY} always counts, whatever the mapping. */
    boolean isOurCompanyType(String type) {
        boolean ours = Entity.COMPANY.equalsIgnoreCase(type);
        ourType |= ours;
        return ours;
    }

    /** The file had labels, and none of them is a company label. */
    boolean missed() {
        return !ourType && !seen.isEmpty() && seen.stream().noneMatch(map::isCompany);
    }

    String seen() {
        return String.join(", ", seen.stream().limit(20).toList()) + (seen.size() > 20 ? ", ..." : "");
    }
}
