package org.companyner.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * Writes {@link Document}s in a data set format, so that {@link DataReader} reads back the same
 * documents with a {@link LabelMap} of the written label. Limits of the line based formats: BIO, BIOES
 * and BMES write one code point per line ({@code "C TAG"}, a space written as {@code "  O"}), so texts
 * with line breaks ({@code \n}, {@code \r}) do not survive, and empty documents vanish; YEDDA writes one
 * document per line and escapes nothing, so texts with line breaks or {@code [@}/{@code [$}, mentions
 * containing {@code *]}, and blank documents do not survive.
 */
public final class DataWriter {
    private static final String CFSC_LABEL = "Level 1 Aspect";

    private DataWriter() {
    }

    /**
     * Writes {@code docs} to {@code out} in {@code format}, every entity labelled {@code label} (e.g.
     * {@code company} for CLUENER, {@code Corporate} for CFSC); JSONL keeps each entity's own type.
     * The entities of each document must be sorted and disjoint. {@code out} is flushed, not closed.
     * Only JSONL holds unknown ranges and marginals; any other format refuses documents that have them
     * before writing anything, rather than drop them. Entity scores are kept by JSONL only (the other
     * formats have no place for them and are read back with score 1.0).
     *
     * @throws UserError if the label cannot be written in the format, a document holds what the format
     *     cannot express (unknown ranges, marginals, a score that is not finite), or writing fails
     */
    public static void write(List<Document> docs, Format format, String label, Writer out) {
        checkLabel(format, label);
        checkExpressible(docs, format);
        try {
            switch (format) {
                case JSONL -> {
                    for (Document doc : docs) {
                        line(out, jsonl(doc));
                    }
                }
                case CLUENER -> {
                    for (Document doc : docs) {
                        line(out, cluener(doc, label));
                    }
                }
                case CFSC -> {
                    out.write("[");
                    for (int i = 0; i < docs.size(); i++) {
                        out.write(i == 0 ? "\n" : ",\n");
                        out.write(JsonReaders.MAPPER.writeValueAsString(cfsc(docs.get(i), label)));
                    }
                    out.write("\n]\n");
                }
                case BIO, BIOES, BMES -> {
                    for (Document doc : docs) {
                        tags(doc, format, label, out);
                    }
                }
                case YEDDA -> {
                    for (Document doc : docs) {
                        Spans.checkTaggable(doc.entities(), CodePoints.length(doc.text()));
                        out.write(Yedda.format(doc, label));
                        out.write('\n');
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UserError("cannot write " + format.id() + " output: " + e.getMessage(), e);
        }
    }

    private static void checkLabel(Format format, String label) {
        if (label == null || label.isBlank()) {
            throw new UserError("empty label to write");
        }
        boolean bad = switch (format) {
            case BIO, BIOES, BMES -> label.chars().anyMatch(Character::isWhitespace);
            case YEDDA -> label.contains("#") || label.contains("*") || label.contains("]") || label.contains("\n");
            default -> false;
        };
        if (bad) {
            throw new UserError("label '" + label + "' cannot be written in " + format.id() + " (no whitespace"
                    + (format == Format.YEDDA ? ", '#', '*' or ']'" : "") + ")");
        }
    }

    /** Refuses, before anything is written, documents whose content {@code format} would lose. */
    private static void checkExpressible(List<Document> docs, Format format) {
        for (int i = 0; i < docs.size(); i++) {
            Document doc = docs.get(i);
            if (format == Format.JSONL) {
                for (Entity e : doc.entities()) {
                    if (!Double.isFinite(e.score())) {
                        throw new UserError("cannot write document " + (i + 1) + " as jsonl: entity " + e.text() + " "
                                + "[" + e.start() + ", " + e.end() + ") has score " + e.score() + "; JSON holds finite numbers only");
                    }
                }
                continue;
            }
            List<String> lost = new ArrayList<>();
            if (!doc.unknown().isEmpty()) {
                lost.add(doc.unknown().size() + " unknown range" + (doc.unknown().size() == 1 ? "" : "s")
                        + " (first " + doc.unknown().get(0) + ")");
            }
            if (doc.hasMarginals()) {
                lost.add("marginals (a teacher's tag distribution)");
            }
            if (!lost.isEmpty()) {
                throw new UserError("cannot write document " + (i + 1) + " as " + format.id() + ": it has "
                        + String.join(" and ", lost) + ", which " + format.id()
                        + " cannot express and would be lost; write jsonl instead, or remove them first");
            }
        }
    }

    private static void line(Writer out, ObjectNode node) throws IOException {
        out.write(JsonReaders.MAPPER.writeValueAsString(node));
        out.write('\n');
    }

    private static ObjectNode jsonl(Document doc) {
        ObjectNode node = JsonReaders.MAPPER.createObjectNode().put("text", doc.text());
        ArrayNode entities = node.putArray("entities");
        for (Entity e : doc.entities()) {
            entities.addObject().put("start", e.start()).put("end", e.end()).put("text", e.text())
                    .put("type", e.type()).put("score", e.score());
        }
        if (!doc.unknown().isEmpty()) {
            ArrayNode unknown = node.putArray("unknown");
            for (Range r : doc.unknown()) {
                unknown.addArray().add(r.start()).add(r.end());
            }
        }
        if (doc.hasMarginals()) {
            node.put("marginals", Marginals.encode(doc.marginals()));
        }
        return node;
    }

    private static ObjectNode cluener(Document doc, String label) {
        ObjectNode node = JsonReaders.MAPPER.createObjectNode().put("text", doc.text());
        ObjectNode labels = node.putObject("label");
        if (!doc.entities().isEmpty()) {
            ObjectNode surfaces = labels.putObject(label);
            for (Entity e : doc.entities()) {
                ArrayNode spans = surfaces.has(e.text()) ? (ArrayNode) surfaces.get(e.text()) : surfaces.putArray(e.text());
                spans.addArray().add(e.start()).add(e.end() - 1);
            }
        }
        return node;
    }

    private static ObjectNode cfsc(Document doc, String label) {
        ObjectNode node = JsonReaders.MAPPER.createObjectNode().put("text", doc.text());
        ArrayNode labels = node.putArray("labels");
        for (Entity e : doc.entities()) {
            labels.addObject().put("text", e.text()).put(CFSC_LABEL, label).put("from", e.start()).put("to", e.end());
        }
        return node;
    }

    private static void tags(Document doc, Format format, String label, Writer out) throws IOException {
        int[] chars = CodePoints.of(doc.text());
        Spans.checkTaggable(doc.entities(), chars.length);
        String[] tags = new String[chars.length];
        Arrays.fill(tags, "O");
        String inside = format == Format.BMES ? "M-" : "I-";
        for (Entity e : doc.entities()) {
            int last = e.end() - 1;
            for (int i = e.start(); i <= last; i++) {
                tags[i] = inside + label;
            }
            tags[e.start()] = "B-" + label;
            if (format != Format.BIO) {
                tags[last] = (e.start() == last ? "S-" : "E-") + label;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chars.length; i++) {
            sb.appendCodePoint(chars[i]).append(' ').append(tags[i]).append('\n');
        }
        out.write(sb.append('\n').toString());
    }
}
