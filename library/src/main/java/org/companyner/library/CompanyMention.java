package org.companyner.library;

import org.companyner.link.Link;

/**
 * A company mention in the text given to {@link CompanyRecognizer#recognize(String)}.
 *
 * @param start code point where the mention starts (inclusive) in the caller's text
 * @param end   code point where it ends (exclusive)
 * @param text  the mention exactly as written
 * @param score the model's confidence, in [0, 1]
 * @param link  the registered company it names, or null (unknown company, ambiguous name, or linking off)
 */
public record CompanyMention(int start, int end, String text, double score, Link link) {
}
