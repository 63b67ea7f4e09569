package org.companyner.link;

import java.util.List;

/**
 * One company of the {@link CompanyTable}: facts only (names and codes), no descriptions.
 *
 * @param id         stable id: {@code 600519.SH} for a listed company (first code + exchange), else
 *                   {@code N} + 10 hex digits of the SHA-1 of the registered name
 * @param name       registered (legal) name, normalised by {@link Names#display}
 * @param shortNames stock short names and brand names, most current first
 * @param otherNames former registered names and former short names, where the data has them
 * @param codes      stock codes (A share first, then B share); empty for an unlisted company
 * @param exchange   SSE, SZSE, BSE, or null for an unlisted company
 * @param aliases    every alias the linker matches, with its kind (see {@link Aliases#generate})
 */
public record Company(String id, String name, List<String> shortNames, List<String> otherNames,
                      List<String> codes, String exchange, List<Alias> aliases) {
    public Company {
        if (id == null || id.isBlank() || id.contains("\t")) {
            throw new IllegalArgumentException("bad company id: " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("company " + id + " has no name");
        }
        shortNames = List.copyOf(shortNames);
        otherNames = List.copyOf(otherNames);
        codes = List.copyOf(codes);
        aliases = List.copyOf(aliases);
    }

    /** Whether the company has a stock code. */
    public boolean listed() {
        return !codes.isEmpty();
    }

    /** An alias (its {@link Names#key}) and how it was made. */
    public record Alias(String key, Aliases.Kind kind) {
    }
}
