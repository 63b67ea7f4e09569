package org.companyner.review;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * The review queue file: JSON lines, a {@link QueueHeader} first, then one {@link QueueItem} a line, queued
 * sentences in rank order, then the sentences the model and the labels agree on (rank 0) in data order, so that
 * {@code review export} can write the whole data set back. Offsets are code points, end exclusive.
 */
public final class QueueFile {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private QueueFile() {
    }

    /** A queue read from a file: its header and items in file order. */
    public record Queue(Path file, QueueHeader header, List<QueueItem> items) {
        public Queue {
            items = List.copyOf(items);
        }

        /** The queued items in rank order. */
        public List<QueueItem> queued() {
            return items.stream().filter(QueueItem::queued).toList();
        }
    }

    /** Writes the queue atomically (a crash leaves the old file or the whole new one). */
    public static void write(Path file, QueueHeader header, List<QueueItem> items) {
        try {
            AtomicFiles.write(file, stream -> {
                Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
                w.write(MAPPER.writeValueAsString(header));
                w.write('\n');
                for (QueueItem item : items) {
                    w.write(MAPPER.writeValueAsString(json(item)));
                    w.write('\n');
                }
                w.flush();
            });
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a queue file.
     *
     * @throws UserError naming the file and line when it is missing, not a queue, or malformed
     */
    public static Queue read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such queue file: " + file);
        }
        List<QueueItem> items = new ArrayList<>();
        QueueHeader header = null;
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1) {
                    header = header(file, line);
                    continue;
                }
                if (line.isBlank()) {
                    throw new UserError(file + ":" + n + ": blank line in a review queue");
                }
                QueueItem item = item(file, n, line);
                if (!ids.add(item.id())) {
                    throw new UserError(file + ":" + n + ": sentence id '" + item.id() + "' occurs twice");
                }
                items.add(item);
            }
        } catch (CharacterCodingException e) {
            throw new UserError(file + " is not a review queue: it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new UserError(file + " is not a review queue: it is empty (build one with 'review build')");
        }
        long queued = items.stream().filter(QueueItem::queued).count();
        if (queued != header.queued() || items.size() != header.sentences()) {
            throw new UserError(file + ": the header announces " + header.sentences() + " sentences, " + header.queued()
                    + " queued, the file holds " + items.size() + ", " + queued + " queued (truncated or edited?)");
        }
        return new Queue(file, header, items);
    }

    private static QueueHeader header(Path file, String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !QueueHeader.FORMAT.equals(node.path("format").asText(null))) {
            throw new UserError(file + " is not a review queue: its first line is not a header with \"format\": \""
                    + QueueHeader.FORMAT + "\" (build one with 'review build')");
        }
        int version = node.path("version").asInt(-1);
        if (version != QueueHeader.VERSION) {
            throw new UserError(file + ": review queue version " + node.path("version") + ", this program reads version "
                    + QueueHeader.VERSION);
        }
        try {
            return MAPPER.treeToValue(node, QueueHeader.class);
        } catch (JacksonException e) {
            throw new UserError(file + ":1: malformed review queue header: " + e.getOriginalMessage());
        }
    }

    private static QueueItem item(Path file, int n, String line) {
        String where = file + ":" + n + ": ";
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new UserError(where + "not a JSON object");
            }
            String id = text(node, "id", where);
            String text = text(node, "text", where);
            int length = CodePoints.length(text);
            List<Entity> labels = spans(node, "labels", text, length, where);
            List<Entity> model = spans(node, "model", text, length, where);
            List<Range> unknown = new ArrayList<>();
            for (JsonNode r : node.path("unknown")) {
                int s = r.path(0).asInt(-1), e = r.path(1).asInt(-1);
                if (s < 0 || e <= s || e > length) {
                    throw new UserError(where + "unknown range " + r + " is outside the text (" + length + " code points)");
                }
                unknown.add(new Range(s, e));
            }
            List<Dispute> disputes = new ArrayList<>();
            for (JsonNode d : node.path("disputes")) {
                Entity e = span(d, text, length, where);
                disputes.add(new Dispute(e.start(), e.end(), e.text(), d.path("side").asText(), d.path("weight").asDouble()));
            }
            int rank = node.path("rank").asInt(-1);
            if (rank < 0) {
                throw new UserError(where + "missing or negative \"rank\"");
            }
            return new QueueItem(id, text, labels, unknown, model, disputes, node.path("score").asDouble(), rank);
        } catch (JacksonException e) {
            throw new UserError(where + "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new UserError(where + "missing text field \"" + field + "\"");
        }
        return v.asText();
    }

    private static List<Entity> spans(JsonNode node, String field, String text, int length, String where) {
        List<Entity> out = new ArrayList<>();
        int last = 0;
        for (JsonNode s : node.path(field)) {
            Entity e = span(s, text, length, where);
            if (e.start() < last) {
                throw new UserError(where + field + " span [" + e.start() + ", " + e.end() + ") overlaps or is out of order");
            }
            last = e.end();
            out.add(e);
        }
        return out;
    }

    private static Entity span(JsonNode s, String text, int length, String where) {
        int start = s.path("start").asInt(-1), end = s.path("end").asInt(-1);
        if (start < 0 || end <= start || end > length) {
            throw new UserError(where + "span [" + start + ", " + end + ") is outside the text (" + length + " code points)");
        }
        return Entity.of(text, start, end, Entity.COMPANY, s.path("score").asDouble(1.0));
    }

    static ObjectNode json(QueueItem item) {
        ObjectNode node = MAPPER.createObjectNode().put("id", item.id()).put("rank", item.rank())
                .put("score", Math.round(item.score() * 1e4) / 1e4).put("text", item.text());
        spans(node.putArray("labels"), item.labels());
        if (!item.unknown().isEmpty()) {
            ArrayNode u = node.putArray("unknown");
            item.unknown().forEach(r -> u.addArray().add(r.start()).add(r.end()));
        }
        spans(node.putArray("model"), item.model());
        ArrayNode d = node.putArray("disputes");
        for (Dispute x : item.disputes()) {
            d.addObject().put("start", x.start()).put("end", x.end()).put("text", x.text()).put("side", x.side())
                    .put("weight", Math.round(x.weight() * 1e4) / 1e4);
        }
        return node;
    }

    static void spans(ArrayNode out, List<Entity> spans) {
        for (Entity e : spans) {
            out.addObject().put("start", e.start()).put("end", e.end()).put("text", e.text())
                    .put("score", Math.round(e.score() * 1e4) / 1e4);
        }
    }
}
