package org.companyner.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams articles to tag: plain text (one article a line; an empty line is an empty article, so
 * output lines match input lines) or JSON lines with a {@code "text"} field. Strict UTF-8; a
 * malformed line is an error naming the source and line, never a skipped article.
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final String name;
    private final Layout layout;
    private int line;

    public ArticleReader(InputStream in, String name, Layout layout) {
        this.reader = new BufferedReader(new Utf8Input(in, name), 1 << 16);
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
                    out.add(text(s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private String text(String s) {
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Where(name, line).error("malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject() || !node.has("text") || !node.get("text").isTextual()) {
            throw new Where(name, line).error("expected an object with a string field \"text\"");
        }
        return node.get("text").asText();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
