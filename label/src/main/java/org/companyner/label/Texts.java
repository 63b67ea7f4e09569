package org.companyner.label;

import java.util.ArrayList;
import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Normalizer;
import org.companyner.text.Range;

/** Small helpers shared by the sources: normalised code points and ranges → entities of the original text. */
final class Texts {
    private Texts() {
    }

    /** The normalised code points of {@code text}, one per original code point. */
    static int[] normalised(String text) {
        return Normalizer.normalize(CodePoints.of(text));
    }

    /** The ranges as company entities of {@code original} with one confidence. */
    static List<Entity> entities(String original, List<Range> ranges, double confidence) {
        List<Entity> out = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            out.add(Entity.of(original, r.start(), r.end(), Entity.COMPANY, confidence));
        }
        return out;
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1], got " + confidence);
        }
    }
}
