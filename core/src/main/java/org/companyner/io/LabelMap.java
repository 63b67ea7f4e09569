package org.companyner.io;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.companyner.UserError;

/**
 * The dataset labels that mean "company", matched case-insensitively, e.g. {@code company} (CLUENER),
 * {@code Corporate} (CFSC) or {@code ORG,ORG.NAM}. For tag formats the label is the part after
 * {@code B-}, {@code I-}, ... Every other label is ignored (read as O).
 *
 * @param names the label names, lower-cased
 */
public record LabelMap(Set<String> names) {
    public LabelMap {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no label names");
        }
        names = names.stream().map(LabelMap::key).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Parses a comma-separated list of dataset label names such as {@code "company,ORG"}.
     *
     * @throws UserError if the list is blank or has an empty name
     */
    public static LabelMap parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new UserError("empty label mapping: give the dataset label(s) that mean company, e.g. 'company' or 'Corporate,Stock'");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : spec.split(",", -1)) {
            if (part.isBlank()) {
                throw new UserError("empty label name in label mapping '" + spec + "'");
            }
            names.add(part.strip());
        }
        return new LabelMap(names);
    }

    /** Whether {@code datasetLabel} (without any B-/I- prefix) is one of the company labels. */
    public boolean isCompany(String datasetLabel) {
        return datasetLabel != null && names.contains(key(datasetLabel));
    }

    private static String key(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }
}
