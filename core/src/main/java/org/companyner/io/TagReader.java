package org.companyner.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * Reads character-per-line CoNLL files ({@code CHAR TAG}, blank line between sentences) with any mix
 * of B-, I-, M-, E-, S- and O tags. An I-/M-/E- tag that does not continue an entity of the same
 * label starts a new one. Only the first code point of the character column is kept (Weibo's
 * {@code 科0} segmentation digits are dropped); a whitespace character is written as {@code "  O"}.
 */
final class TagReader {
    private final LabelUse labels;
    private final List<Document> docs = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final List<Entity> entities = new ArrayList<>();
    private int length;
    private String openLabel;
    private int openStart;
    private int openChar;

    private TagReader(LabelUse labels) {
        this.labels = labels;
    }

    static List<Document> read(LineReader in, String name, LabelUse labels) throws IOException {
        TagReader reader = new TagReader(labels);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            reader.line(line, new Where(name, ++lineNo));
        }
        reader.endSentence();
        return reader.docs;
    }

    private void line(String raw, Where where) {
        int end = raw.length();
        while (end > 0 && separator(raw.charAt(end - 1))) {
            end--;
        }
        String line = raw.substring(0, end);
        if (line.isEmpty() || line.startsWith("-DOCSTART-")) {
            endSentence();
            return;
        }
        int tagStart = end;
        while (tagStart > 0 && !separator(line.charAt(tagStart - 1))) {
            tagStart--;
        }
        if (tagStart == 0 || (tagStart == 1 && separator(line.charAt(0)))) {
            throw where.error("expected a character and a tag separated by a space or tab, found '" + line + "'");
        }
        String tag = line.substring(tagStart);
        boolean outside = tag.equalsIgnoreCase("O");
        char prefix = Character.toUpperCase(tag.charAt(0));
        if (!outside && (tag.length() < 3 || tag.charAt(1) != '-' || "BIMES".indexOf(prefix) < 0)) {
            throw where.error("unknown tag '" + tag + "': expected O or B-, I-, M-, E-, S- followed by a label");
        }
        String label = outside ? null : tag.substring(2);
        int start = length;
        int startChar = text.length();
        text.appendCodePoint(line.codePointAt(0));
        length++;
        if (label == null || !labels.isCompany(label)) {
            close(start, startChar);
            return;
        }
        boolean continues = label.equalsIgnoreCase(openLabel);
        if (prefix == 'B' || prefix == 'S' || !continues) {
            close(start, startChar);
            openLabel = label;
            openStart = start;
            openChar = startChar;
        }
        if (prefix == 'S' || prefix == 'E') {
            close(length, text.length());
        }
    }

    private void close(int end, int endChar) {
        if (openLabel != null) {
            entities.add(new Entity(openStart, end, text.substring(openChar, endChar), Entity.COMPANY, 1.0));
            openLabel = null;
        }
    }

    private void endSentence() {
        close(length, text.length());
        if (length > 0) {
            docs.add(new Document(text.toString(), entities));
        }
        text.setLength(0);
        entities.clear();
        length = 0;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t';
    }
}
