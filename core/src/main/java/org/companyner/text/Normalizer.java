package org.companyner.text;

/**
 * A 1:1 code point map for the model's input only. It never changes lengths, so offsets into the
 * normalised array are offsets into the caller's original text.
 *
 * <ul>
 *   <li>full-width ASCII U+FF01..U+FF5E becomes U+0021..U+007E;</li>
 *   <li>any whitespace or space separator (incl. {@code \r \n \t}, U+3000) becomes {@code ' '};</li>
 *   <li>other control and format characters (incl. zero-width joiners, BOM) become {@code ' '};</li>
 *   <li>Latin-script letters are lower-cased.</li>
 * </ul>
 */
public final class Normalizer {
    private Normalizer() {
    }

    /** The normalised form of one code point; always exactly one code point. */
    public static int normalize(int codePoint) {
        int cp = codePoint;
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp -= 0xFF01 - 0x21;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return ' ';
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT) {
            return ' ';
        }
        if (Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
            return Character.toLowerCase(cp);
        }
        return cp;
    }

    /** A new array of the same length holding {@link #normalize(int)} of each element. */
    public static int[] normalize(int[] codePoints) {
        int[] out = new int[codePoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalize(codePoints[i]);
        }
        return out;
    }
}
