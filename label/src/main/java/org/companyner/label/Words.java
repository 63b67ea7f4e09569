package org.companyner.label;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * HanLP portable segmentation (Viterbi, organisation role tagging on) of normalised code points, as
 * words with code point offsets. HanLP reports UTF-16 offsets of the string it was given; they are
 * converted here once, so no caller does offset arithmetic on HanLP terms (a word ends at
 * {@code offset + word.length()}, never one further).
 */
final class Words {
    /** One word: {@code [start, end)} in code points, its text and HanLP nature (e.g. {@code nt}, {@code v}). */
    record Word(int start, int end, String text, String nature) {
    }

    private final Segment segment;

    /** Words with HanLP's organisation recognition on (role-tagged {@code nt} terms). */
    Words() {
        segment = HanLP.newSegment().enableOrganizationRecognize(true).enableOffset(true);
    }

    /**
     * Dictionary words only: no organisation, person or place recognition, whose role-tagged terms glue
     * neighbours onto names (为玫瑰石顾问公司, 用招商银行); the repair rules' word edges.
     */
    static Words dictionaryOnly() {
        return new Words(HanLP.newSegment().enableNameRecognize(false).enableTranslatedNameRecognize(false)
                .enablePlaceRecognize(false).enableOrganizationRecognize(false).enableOffset(true));
    }

    private Words(Segment segment) {
        this.segment = segment;
    }

    /** The words of {@code normalised} (one code point per original code point), in order. */
    List<Word> of(int[] normalised) {
        String s = new String(normalised, 0, normalised.length);
        List<Term> terms;
        synchronized (this) { // a HanLP Segment keeps per-call state
            terms = segment.seg(s);
        }
        List<Word> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            int from = t.offset;
            int to = t.offset + t.word.length();
            if (from < 0 || to > s.length() || splitsPair(s, from) || splitsPair(s, to)) {
                continue; // HanLP cut an astral character in two: no word boundary we can use
            }
            int start = s.codePointCount(0, from);
            out.add(new Word(start, start + s.codePointCount(from, to), t.word, String.valueOf(t.nature)));
        }
        return out;
    }

    private static boolean splitsPair(String s, int i) {
        return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i));
    }
}
