package org.companyner.label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.companyner.text.Entity;

/**
 * HanLP portable organisation recognition (role tagging, terms of nature {@code nt*}), kept only where
 * the term looks like a company: it ends in a company-like ending ({@link CompanyLike}), or a
 * trusted name list knows it. HanLP's {@code nt} also covers ministries, schools and parties
 * (People's Daily-trained), and it splits many full legal names (STACK.md "Chinese NLP").
 *
 * <p>Spans are exactly the term: {@code [offset, offset + length)} of the text HanLP saw. (The
 * published system that inspired this added every tagger entity one character too long.)
 *
 * <p>Confidence: {@link #LISTED_CONFIDENCE} when the name list knows the term, otherwise
 * {@link #ENDING_CONFIDENCE}.
 */
public final class HanlpOrgSource implements LabellingSource {
    public static final double LISTED_CONFIDENCE = 0.8;
    public static final double ENDING_CONFIDENCE = 0.5;

    private final Words words = new Words();
    private final Predicate<String> listed;

    /** @param listed whether a trusted name list holds a term (e.g. {@code GazetteerSource::contains}); never null */
    public HanlpOrgSource(Predicate<String> listed) {
        this.listed = listed;
    }

    /** Keeps only terms with a company-like ending. */
    public HanlpOrgSource() {
        this(name -> false);
    }

    @Override
    public String name() {
        return "hanlp";
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        List<List<Entity>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            List<Entity> found = new ArrayList<>();
            for (Words.Word w : words.of(Texts.normalised(text))) {
                if (!w.nature().startsWith("nt") || w.end() - w.start() < 2) {
                    continue;
                }
                double confidence = listed.test(w.text()) ? LISTED_CONFIDENCE
                        : CompanyLike.hasCompanyEnding(w.text()) ? ENDING_CONFIDENCE : 0;
                if (confidence > 0) {
                    found.add(Entity.of(text, w.start(), w.end(), Entity.COMPANY, confidence));
                }
            }
            out.add(found);
        }
        return out;
    }
}
