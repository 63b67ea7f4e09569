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
 * (HanLP tags 股份有限公司 alone as {@code nt} where it cuts 中国平安保险（集团）股份有限公司 apart) is no name;
 * and {@code function-word}: a term whose first dictionary word is a verb or function word, , or a
 * one-character word of {@link BoundaryRule#FUNCTION_CHARS} (HanLP's role tagging glues 多家, 对该, 但市民对 onto
 * 银行/公司: seen on CLUENER train); {@code punctuation} also refuses a term holding punctuation other
 * than brackets (HanLP tagged 中介，利用银行).
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
        return BackFill.add(name(), d, source.label(List.of(d.text())).get(0), c.normalised(),
                e -> generic(e) != null ? generic(e) : punctuation(c, e) != null ? punctuation(c, e) : functionStart(c, e));
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

    /** "function-word" when {@code e} starts with a verb, a function word or a function character, else null. */
    static String functionStart(RepairContext c, Entity e) {
        Words.Word w = c.wordAt(e.start());
        boolean alone = w == null || w.end() - w.start() == 1; // 上 of 上海 is no function word
        boolean function = alone && BoundaryRule.FUNCTION_CHARS.indexOf(c.normalised()[e.start()]) >= 0
                || w != null && (w.nature().startsWith("v") || BoundaryRule.FUNCTION_NATURES.stream().anyMatch(w.nature()::startsWith));
        return function ? "function-word" : null;
    }

    /** "punctuation" when {@code e} holds punctuation, whitespace or a symbol other than a bracket, else null. */
    static String punctuation(RepairContext c, Entity e) {
        for (int i = e.start(); i < e.end(); i++) {
            int cp = c.normalised()[i];
            if (cp != '(' && cp != ')' && RepairSpans.isPunctuation(cp)) {
                return "punctuation";
            }
        }
        return null;
    }
}
