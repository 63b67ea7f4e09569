package org.companyner.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/** YEDDA inline markup: one document per line, {@code [@surface#Label*]} or {@code [$surface#Label*]}. */
final class Yedda {
    private Yedda() {
    }

    /** Reads one document per non-blank line. */
    static List<Document> read(LineReader in, String name, LabelUse labels) throws IOException {
        List<Document> docs = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (!line.isBlank()) {
                docs.add(parse(line, labels, new Where(name, lineNo)));
            }
        }
        return docs;
    }

    static Document parse(String line, LabelUse labels, Where where) {
        StringBuilder text = new StringBuilder(line.length());
        List<Entity> entities = new ArrayList<>();
        int length = 0;
        int i = 0;
        while (i < line.length()) {
            int open = markup(line, i);
            if (open < 0) {
                text.append(line, i, line.length());
                break;
            }
            text.append(line, i, open);
            length += line.codePointCount(i, open);
            int close = line.indexOf("*]", open + 2);
            String inner = close < 0 ? "" : line.substring(open + 2, close);
            if (close < 0 || markup(inner, 0) >= 0) {
                throw where.error("unclosed '" + line.substring(open, open + 2) + "' at column "
                        + (line.codePointCount(0, open) + 1) + ": expected [@text#Label*]");
            }
            int hash = inner.lastIndexOf('#');
            if (hash <= 0) {
                throw where.error("'" + line.substring(open, close + 2) + "' at column " + (line.codePointCount(0, open) + 1)
                        + (hash < 0 ? " has no '#Label'" : " has no text") + ": expected [@text#Label*]");
            }
            String surface = inner.substring(0, hash);
            int end = length + CodePoints.length(surface);
            if (labels.isCompany(inner.substring(hash + 1))) {
                entities.add(new Entity(length, end, surface, Entity.COMPANY, 1.0));
            }
            text.append(surface);
            length = end;
            i = close + 2;
        }
        return new Document(text.toString(), entities);
    }

    /** The index of the next {@code [@} or {@code [$} at or after {@code from}, or -1. */
    private static int markup(String s, int from) {
        for (int i = s.indexOf('[', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('[', i + 1)) {
            if (s.charAt(i + 1) == '@' || s.charAt(i + 1) == '$') {
                return i;
            }
        }
        return -1;
    }

    /** One document as a line of markup, without the line break. */
    static String format(Document doc, String label) {
        StringBuilder line = new StringBuilder();
        String text = doc.text();
        int at = 0;
        int atChar = 0;
        for (Entity e : doc.entities()) {
            int startChar = text.offsetByCodePoints(atChar, e.start() - at);
            int endChar = text.offsetByCodePoints(startChar, e.end() - e.start());
            line.append(text, atChar, startChar).append("[@").append(text, startChar, endChar)
                    .append('#').append(label).append("*]");
            at = e.end();
            atChar = endChar;
        }
        return line.append(text, atChar, text.length()).toString();
    }
}
