package org.companyner.label;

import java.util.List;
import java.util.Set;
import org.companyner.lexicon.Gazetteer;
import org.companyner.text.CodePoints;

/**
 * The one rule for "this organisation string looks like a company", shared by the HanLP and NER-corpus
 * sources: its normalised form ends in a company-like ending with at least two characters before it,
 * and does not start with an anaphoric or structural word (本公司, 该集团, 子公司, 总公司).
 *
 * <p>The endings are the ones that built the {@code hanlp_org_companylike} tag of
 * {@code gazetteers/company_names_union.tsv} (see its README.txt), so all sources agree on them.
 */
final class CompanyLike {
    static final List<String> ENDINGS = List.of("公司", "集团", "银行", "证券", "保险", "基金", "控股", "股份",
            "有限", "信托", "期货", "资本", "投资", "金服");
    /** First characters of anaphora and company parts: 本公司, 该集团, 其子公司, 我行, 贵司, 子/母/总/分公司. */
    private static final Set<Integer> ANAPHORIC_START = Set.of((int) '本', (int) '该', (int) '其', (int) '我',
            (int) '贵', (int) '子', (int) '母', (int) '总', (int) '分', (int) '此', (int) '这', (int) '那', (int) '各');

    private CompanyLike() {
    }

    /** Whether {@code name} ends like a company (see the class comment). */
    static boolean hasCompanyEnding(String name) {
        String key = Gazetteer.key(name);
        if (key.isEmpty() || ANAPHORIC_START.contains(key.codePointAt(0))) {
            return false;
        }
        for (String ending : ENDINGS) {
            if (key.endsWith(ending) && CodePoints.length(key) - CodePoints.length(ending) >= 2) {
                return true;
            }
        }
        return false;
    }
}
