package org.companyner.label;

import java.util.List;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * Tagger back-fill: HanLP organisations that look like companies ({@link HanlpOrgSource}: nature
 * {@code nt*} and a company-like ending, or a trusted list knows the term) are added where every
 * character is still {@code O} (guards in {@link BackFill}). Offsets are exactly HanLP's term
 * ({@code [start, start + length)} in code points); the published rule added every tagger entity one
 * character too long. One guard of its own, {@code generic}: a term made of company endings only
 * (HanLP tags 股份有限公司 alone as {@code nt} where it cuts 中国平安保险（集团）股份有限公司 apart) is no name.
 * Confidence: {@link HanlpOrgSource#LISTED_CONFIDENCE} (0.8) for a listed term,
 * {@link HanlpOrgSource#ENDING_CONFIDENCE} (0.5) otherwise.
 */
public final class TaggerRule implements RepairRule {
    private final HanlpOrgSource source;

    public TaggerRule(HanlpOrgSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "tagger";
    }

    @Override
    public Result apply(Document d, RepairContext c) {
        return BackFill.add(name(), d, source.label(List.of(d.text())).get(0), c.normalised(), TaggerRule::generic);
    }

    /** "generic" when {@code e} is nothing but company endings (股份有限公司, 控股集团), else null. */
    static String generic(Entity e) {
        String rest = Gazetteer.key(e.text());
        boolean stripped = true;
        while (!rest.isEmpty() && stripped) {
            stripped = false;
            for (String ending : CompanyLike.ENDINGS) {
                if (rest.endsWith(ending)) {
                    rest = rest.substring(0, rest.length() - ending.length());
                    stripped = true;
                    break;
                }
            }
        }
        return rest.isEmpty() ? "generic" : null;
    }
}
