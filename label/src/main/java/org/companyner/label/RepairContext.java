package org.companyner.label;

import java.util.List;
import org.companyner.text.Document;

/**
 * What the rules of one document share: its normalised code points and its HanLP dictionary words
 * ({@link Words#dictionaryOnly()}: no role-tagged names gluing neighbours on), segmented once (rules
 * change mentions, never the text, so one segmentation serves every rule).
 */
public final class RepairContext {
    private final int[] normalised;
    private final Words words;
    private List<Words.Word> segmented;
    private Words.Word[] wordAt;

    RepairContext(String text, Words words) {
        this.normalised = Texts.normalised(text);
        this.words = words;
    }

    /** A context for {@code document} with its own HanLP segmenter (tests, single documents). */
    public static RepairContext of(Document document) {
        return new RepairContext(document.text(), Words.dictionaryOnly());
    }

    /** The normalised code points (one per original code point; full-width brackets become ASCII). */
    int[] normalised() {
        return normalised;
    }

    int length() {
        return normalised.length;
    }

    /** The HanLP word covering code point {@code i}, or null (a character HanLP split in two). */
    Words.Word wordAt(int i) {
        if (wordAt == null) {
            segmented = words.of(normalised);
            wordAt = new Words.Word[normalised.length];
            for (Words.Word w : segmented) {
                for (int j = w.start(); j < w.end(); j++) {
                    wordAt[j] = w;
                }
            }
        }
        return wordAt[i];
    }
}
