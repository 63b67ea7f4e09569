package org.companyner.io;

import org.companyner.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams articles to tag: plain text (one article a line, ended by {@code \n} or {@code \r\n}; any
 * other {@code \r} stays in the article; an empty line is an empty article, so output lines match
 * input lines) or JSON lines with one object with a {@code "text"} field a line (as {@code eval}
 * reads them). Strict UTF-8; a malformed line (a second object on it, a lone surrogate in the text)
 * is an error naming the source and line, never a skipped or altered article.
 */
public final class ArticleReader implements AutoCloseable {
    /** Input layouts for tagging. */
    public enum Layout {
        TEXT, JSONL;

        public static Layout parse(String name) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(name)) {
                    return l;
                }
            }
            throw new UserError("unknown input format '" + name + "' (known: text, jsonl)");
        }
    }

    private final LineReader reader;
    private final String name;
    private final Layout layout;
    private int line;

    public ArticleReader(InputStream in, String name, Layout layout) {
        this.reader = new LineReader(new Utf8Input(in, name));
        this.name = name;
        this.layout = layout;
    }

    /** Up to {@code max} next articles; an empty list at the end of the input. */
    public List<String> next(int max) {
        List<String> out = new ArrayList<>();
        try {
            String s;
            while (out.size() < max && (s = reader.readLine()) != null) {
                line++;
                if (layout == Layout.TEXT) {
                    out.add(s);
                } else if (!s.isBlank()) {
                    Where where = new Where(name, line);
                    out.add(JsonReaders.text(JsonReaders.object(s, where), where));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        // the caller owns the stream (Utf8Input and LineReader hold nothing else)
    }
}
