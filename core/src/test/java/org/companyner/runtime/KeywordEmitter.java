package org.companyner.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.companyner.text.Normalizer;
import org.companyner.text.Tags;
import org.companyner.vocab.CharVocab;

/**
 * TEST DOUBLE, not a model: a deterministic {@link Emitter} that marks every maximal run of
 * "company characters" (a fixed set) inside a window as one mention — B on the first character of
 * the run within the window, I on the rest, O elsewhere. The CRF has zero transition, start and
 * end scores, so Viterbi follows the emissions. Recognizer tests use it to check windowing,
 * batching and offset stitching with an exact oracle: the expected mentions of an article are its
 * maximal runs of company characters.
 */
public final class KeywordEmitter implements Emitter {
    /**
     * Normalised characters treated as "company" characters; the Latin letters make mentions whose
     * original text differs from the model's view (Ａ, A and a all normalise to a).
     */
    static final String COMPANY_CHARS = "华星科技蓝海集团股份有限公司银行abc";
    private static final float HIGH = 6f;

    private final CharVocab vocab;
    private final int maxLength;
    final List<Integer> windowLengths = new ArrayList<>();
    int calls;

    public KeywordEmitter(int maxLength) {
        this.maxLength = maxLength;
        this.vocab = vocab();
    }

    /** A vocabulary holding exactly the company characters: every other character is unknown. */
    public static CharVocab vocab() {
        Map<Integer, Long> counts = new HashMap<>();
        COMPANY_CHARS.codePoints().forEach(c -> counts.merge(c, 1L, Long::sum));
        return CharVocab.build(counts, 1);
    }

    /** Whether an original code point is a company character (judged on its normalised form). */
    static boolean isCompanyChar(int codePoint) {
        return COMPANY_CHARS.indexOf(Normalizer.normalize(codePoint)) >= 0;
    }

    @Override
    public List<float[][]> emissions(List<Features> batch) {
        calls++;
        List<float[][]> out = new ArrayList<>(batch.size());
        for (Features f : batch) {
            if (f.length() > maxLength) {
                throw new IllegalStateException("window of " + f.length() + " > max " + maxLength);
            }
            windowLengths.add(f.length());
            float[][] e = new float[f.length()][Tags.COUNT];
            boolean previous = false;
            for (int t = 0; t < f.length(); t++) {
                int cp = vocab.codePoint(f.chars()[t]); // normalised; -1 for unknown
                boolean inside = cp >= 0 && COMPANY_CHARS.indexOf(cp) >= 0;
                int tag = !inside ? Tags.O : previous ? Tags.I : Tags.B;
                e[t][tag] = HIGH;
                previous = inside;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public Crf crf() {
        return new Crf(new float[Tags.COUNT][Tags.COUNT], new float[Tags.COUNT], new float[Tags.COUNT]);
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
    }
}
