package org.companyner.link;

import java.util.List;

/**
 * Mention text → company record: the {@link Aliases} entry of the mention's {@link Names#key}, or,
 * failing that, a name the data gives (not a derived alias) equal to the key without special-treatment
 * marks (*ST), legal suffix (中国平安集团 → 中国平安) or region prefix, at a 10 % discount each. A
 * group or holding (云帆集团, 云帆控股 for a listed 云帆股份) links only to a record whose registered name is one; a name
 * with a bracketed qualifier (云帆科技（新加坡）有限公司: a subsidiary) is not reduced at all. No link below {@link #THRESHOLD}; the runner-up comes with a link whose alias other
 * records share.
 */
public final class Linker {
    /** Links below this specificity are not made: an ambiguous short name such as 平安 stays unlinked. */
    public static final double THRESHOLD = 0.5;
    private static final double FALLBACK = 0.9;

    private final CompanyTable table;

    public Linker(CompanyTable table) {
        this.table = table;
    }

    public CompanyTable table() {
        return table;
    }

    /** The link of a mention reading {@code mention}, or null (unknown or ambiguous company). */
    public Link link(String mention) {
        String key = Names.key(mention);
        Link l = best(table.aliases().lookup(key), 1.0);
        if (l != null) {
            return l;
        }
        String variant = Aliases.shortVariant(key); // *ST中昌 → 中昌
        if (!variant.equals(key)) {
            l = best(given(table.aliases().lookup(variant)), FALLBACK);
            if (l != null) {
                return l;
            }
        }
        String stripped = Names.stripLegalSuffix(key);
        String removed = key.substring(stripped.length());
        if (removed.contains("(")) {
            return null; // 云帆科技(新加坡)有限公司: a subsidiary or branch, not the company of the bare name
        }
        if (!stripped.equals(key)) {
            l = best(given(table.aliases().lookup(stripped)).stream()
                    .filter(e -> !removed.contains("集团") || e.company().name().contains("集团"))
                    .filter(e -> !removed.contains("控股") || e.company().name().contains("控股")).toList(), FALLBACK);
            if (l != null) {
                return l;
            }
        }
        String noRegion = Aliases.stripRegion(stripped);
        if (!noRegion.equals(stripped)) {
            return best(given(table.aliases().lookup(noRegion)), FALLBACK * FALLBACK);
        }
        return null;
    }

    /**
     * Fallbacks reach only names the data gives (registered, short, former): an unknown 星海服饰's 星海公司 must
     * not become the derived brand 星海 of another company.
     */
    private static List<Aliases.Entry> given(List<Aliases.Entry> entries) {
        return entries.stream().filter(e -> e.kind().given).toList();
    }

    private static Link best(List<Aliases.Entry> entries, double factor) {
        if (entries.isEmpty() || entries.get(0).specificity() * factor < THRESHOLD) {
            return null;
        }
        Link top = Link.to(entries.get(0).company(), entries.get(0).specificity() * factor);
        if (entries.size() > 1) {
            top = top.withRunnerUp(Link.to(entries.get(1).company(), entries.get(1).specificity() * factor));
        }
        return top;
    }
}
