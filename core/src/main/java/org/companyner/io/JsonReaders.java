package org.companyner.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/** Readers for the JSON based formats: CLUENER and JSONL (one object per line) and CFSC (one array). */
final class JsonReaders {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** For reading one record of a stream: the rest of the stream is not trailing garbage. */
    private static final ObjectReader RECORD = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonReaders() {
    }

    /** Reads JSON lines, one record per non-blank line, in {@link Format#CLUENER} or {@link Format#JSONL}. */
    static List<Document> lines(Reader reader, String name, Format format, LabelUse labels) throws IOException {
        LineReader in = new LineReader(reader);
        List<Document> docs = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Where where = new Where(name, lineNo);
            JsonNode record = object(line, where);
            docs.add(format == Format.CLUENER ? cluener(record, where, labels) : jsonl(record, where, labels));
        }
        return docs;
    }

    /**
     * The one JSON object on {@code line}; anything after it (a second object, stray text) is an
     * error, so that no record on the line is dropped silently.
     */
    static JsonNode object(String line, Where where) {
        JsonNode record;
        try {
            record = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            boolean trailing = String.valueOf(e.getOriginalMessage()).startsWith("Trailing token");
            throw where.error("malformed JSON (" + (trailing ? "more after the first value" : reason(e)) + ")"
                    + (trailing || line.strip().startsWith("[") ? "; expected one JSON object per line" : ""));
        }
        if (!record.isObject()) {
            throw where.error("expected one JSON object per line, found " + record.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return record;
    }

    /** Reads a CFSC file, one JSON array of records, without building a tree of the whole file. */
    static List<Document> cfsc(Reader reader, String name, LabelUse labels) throws IOException {
        List<Document> docs = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(reader)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw new Where(name, line(parser.currentTokenLocation())).error(
                        "expected a JSON array of records [{\"text\": ..., \"labels\": [...]}, ...], found "
                        + (token == null ? "an empty file" : parser.getText()));
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                Where where = new Where(name, line(parser.currentTokenLocation()), docs.size() + 1);
                if (token != JsonToken.START_OBJECT) {
                    throw where.error("expected a JSON object, found " + parser.getText());
                }
                docs.add(cfscRecord(RECORD.readTree(parser), where, labels));
            }
            if (parser.nextToken() != null) {
                throw new Where(name, line(parser.currentTokenLocation())).error("unexpected content after the closing ']'");
            }
        } catch (JsonProcessingException e) {
            throw new Where(name, line(e.getLocation())).error("malformed JSON (" + reason(e) + ")"
                    + (docs.isEmpty() ? "" : " after record " + docs.size()));
        }
        return docs;
    }

    private static Document cluener(JsonNode record, Where where, LabelUse labels) {
        String text = text(record, where);
        JsonNode label = record.get("label");
        if (label == null || label.isNull()) {
            return new Document(text);
        }
        String shape = "; expected \"label\": {type: {surface: [[start, end], ...]}}";
        if (!label.isObject()) {
            throw where.error("\"label\" is not an object" + shape);
        }
        int length = CodePoints.length(text);
        List<Entity> entities = new ArrayList<>();
        for (Map.Entry<String, JsonNode> type : label.properties()) {
            if (!type.getValue().isObject()) {
                throw where.error("label '" + type.getKey() + "' is not an object" + shape);
            }
            if (!labels.isCompany(type.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> surface : type.getValue().properties()) {
                if (!surface.getValue().isArray()) {
                    throw where.error("spans of '" + surface.getKey() + "' are not an array" + shape);
                }
                for (JsonNode span : surface.getValue()) {
                    if (!span.isArray() || span.size() != 2) {
                        throw where.error("span " + span + " of '" + surface.getKey() + "' is not [start, end]");
                    }
                    int start = integer(span.get(0), "span start", where);
                    int end = integer(span.get(1), "span end", where);
                    entities.add(Spans.gold(text, length, start, end + 1, surface.getKey(), 1.0,
                            "[" + start + ", " + end + "]", where));
                }
            }
        }
        return new Document(text, Spans.normalize(entities));
    }

    private static Document jsonl(JsonNode record, Where where, LabelUse labels) {
        String text = text(record, where);
        int length = CodePoints.length(text);
        List<Entity> entities = jsonlEntities(record.get("entities"), text, length, where, labels);
        List<Range> unknown = unknown(record.get("unknown"), length, where);
        JsonNode marginals = record.get("marginals");
        if (marginals != null && !marginals.isNull() && !marginals.isTextual()) {
            throw where.error("\"marginals\" is not a string; expected base64 of 3 bytes (O, B, I, each p·255) per code point");
        }
        try {
            return new Document(text, entities, unknown,
                    marginals == null || marginals.isNull() ? null : Marginals.decode(marginals.textValue(), length, where));
        } catch (IllegalArgumentException e) {
            throw where.error(e.getMessage());
        }
    }

    /**
     * The {@code "unknown"} ranges, {@code [[start, end], ...]} in code points, end exclusive, sorted
     * and disjoint (touching ranges are merged by {@link Document}).
     */
    private static List<Range> unknown(JsonNode list, int length, Where where) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        String shape = "; expected \"unknown\": [[start, end], ...] in code points, end exclusive";
        if (!list.isArray()) {
            throw where.error("\"unknown\" is not an array" + shape);
        }
        List<Range> ranges = new ArrayList<>(list.size());
        for (JsonNode pair : list) {
            if (!pair.isArray() || pair.size() != 2) {
                throw where.error("unknown range " + pair + " is not [start, end]" + shape);
            }
            int start = integer(pair.get(0), "unknown range start", where);
            int end = integer(pair.get(1), "unknown range end", where);
            if (start < 0 || end <= start || end > length) {
                throw where.error("unknown range [" + start + ", " + end + ") is "
                        + (end <= start ? "empty or reversed" : "outside the text (" + length + " code points)"));
            }
            Range range = new Range(start, end);
            if (!ranges.isEmpty() && start < ranges.get(ranges.size() - 1).end()) {
                throw where.error("unknown ranges must be sorted and must not overlap: " + range
                        + " after " + ranges.get(ranges.size() - 1));
            }
            ranges.add(range);
        }
        return ranges;
    }

    private static List<Entity> jsonlEntities(JsonNode list, String text, int length, Where where, LabelUse labels) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw where.error("\"entities\" is not an array");
        }
        List<Entity> entities = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw where.error("entity " + e + " is not an object");
            }
            JsonNode type = e.get("type");
            if (type != null && !type.isNull()
                    && !(labels.isOurCompanyType(type.asText()) || labels.isCompany(type.asText()))) {
                continue;
            }
            int start = integer(e.get("start"), "entity \"start\"", where);
            int end = integer(e.get("end"), "entity \"end\"", where);
            JsonNode surface = e.get("text");
            if (surface != null && !surface.isTextual() && !surface.isNull()) {
                throw where.error("entity \"text\" is not a string");
            }
            JsonNode score = e.get("score");
            if (score != null && !score.isNull() && !(score.isNumber() && Double.isFinite(score.doubleValue()))) {
                throw where.error("entity \"score\" is " + score + ", not a finite number");
            }
            entities.add(Spans.gold(text, length, start, end, surface == null ? null : surface.textValue(),
                    score == null || score.isNull() ? 1.0 : score.doubleValue(), "[" + start + ", " + end + ")", where));
        }
        return Spans.normalize(entities);
    }

    private static Document cfscRecord(JsonNode record, Where where, LabelUse labels) {
        String text = text(record, where);
        JsonNode list = record.get("labels");
        if (list == null || list.isNull()) {
            return new Document(text);
        }
        if (!list.isArray()) {
            throw where.error("\"labels\" is not an array");
        }
        int length = CodePoints.length(text);
        List<Entity> entities = new ArrayList<>();
        for (JsonNode label : list) {
            if (!label.isObject()) {
                throw where.error("label " + label + " is not an object");
            }
            JsonNode type = label.get("Level 1 Aspect");
            if (type == null || !type.isTextual()) {
                throw where.error("label " + label + " has no \"Level 1 Aspect\" string");
            }
            if (!labels.isCompany(type.textValue())) {
                continue;
            }
            int from = integer(label.get("from"), "label \"from\"", where);
            int to = integer(label.get("to"), "label \"to\"", where);
            JsonNode surface = label.get("text");
            entities.add(Spans.gold(text, length, from, to, surface != null && surface.isTextual() ? surface.textValue() : null,
                    1.0, "from " + from + " to " + to, where));
        }
        return new Document(text, Spans.normalize(entities));
    }

    /**
     * The record's {@code "text"}. A JSON escape can spell a lone surrogate ({@code "\\ud800"}), which
     * is not Unicode text: it has no code point offset and no UTF-8 form (it would be written back as
     * {@code ?}), so it is rejected here rather than altered.
     */
    static String text(JsonNode record, Where where) {
        JsonNode node = record.get("text");
        if (node == null || !node.isTextual()) {
            throw where.error("missing \"text\" string");
        }
        String text = node.textValue();
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw where.error(String.format(Locale.ROOT, "\"text\" holds a lone surrogate \\u%04x at code point %d,"
                    + " which is not valid Unicode text; fix the escape (a \\uD800-\\uDBFF must be followed by a \\uDC00-\\uDFFF)",
                    (int) text.charAt(lone), text.codePointCount(0, lone)));
        }
        return text;
    }

    /** The UTF-16 index of the first surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static int integer(JsonNode node, String what, Where where) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw where.error(what + " is " + (node == null ? "missing" : node + ", not an integer"));
        }
        return node.intValue();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /** The first line of Jackson's message, without its location, at most 120 characters. */
    static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        return message.length() > 120 ? message.substring(0, 117) + "..." : message;
    }
}
