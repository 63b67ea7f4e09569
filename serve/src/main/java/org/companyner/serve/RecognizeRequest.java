package org.companyner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /v1/recognize} body: every check of its content lives here.
 *
 * @param model    the model asked for (the default when the body names none)
 * @param articles the articles, each well-formed Unicode
 * @param chars    code points over all articles
 * @param link     whether mentions are linked to the company table (request field {@code "link"}, default true)
 */
record RecognizeRequest(String model, List<String> articles, long chars, boolean link) {

    /** Reads {@code root} against {@code config}'s limits; throws {@link ApiError} 400/413 with what to fix. */
    static RecognizeRequest from(JsonNode root, ServerConfig config, String defaultModel) {
        if (!(root instanceof ObjectNode)) {
            throw new ApiError(400, "request body must be a JSON object");
        }
        JsonNode modelNode = root.get("model");
        String model;
        if (modelNode == null || modelNode.isNull()) {
            model = defaultModel;
        } else if (modelNode.isTextual()) {
            model = wellFormed(modelNode.textValue(), "'model'");
        } else {
            throw new ApiError(400, "'model' must be a string");
        }
        if (!(root.get("articles") instanceof ArrayNode arr)) {
            throw new ApiError(400, "'articles' must be an array of strings");
        }
        if (arr.size() > config.maxArticles()) {
            throw new ApiError(413, "too many articles: " + arr.size() + " > " + config.maxArticles());
        }
        List<String> articles = new ArrayList<>(arr.size());
        long total = 0;
        for (int i = 0; i < arr.size(); i++) {
            JsonNode n = arr.get(i);
            if (!n.isTextual()) {
                throw new ApiError(400, "'articles' must be an array of strings (item " + i + " is not)");
            }
            String s = wellFormed(n.textValue(), "article " + i);
            int cps = s.codePointCount(0, s.length());
            if (cps > config.maxCharsPerArticle()) {
                throw new ApiError(413, "article " + i + " too long: " + cps + " > " + config.maxCharsPerArticle() + " characters");
            }
            total += cps;
            if (total > config.maxCharsPerRequest()) {
                throw new ApiError(413, "request too large: more than " + config.maxCharsPerRequest() + " characters");
            }
            articles.add(s);
        }
        JsonNode linkNode = root.get("link");
        if (linkNode != null && !linkNode.isNull() && !linkNode.isBoolean()) {
            throw new ApiError(400, "'link' must be true or false");
        }
        return new RecognizeRequest(model, articles, total, linkNode == null || linkNode.isNull() || linkNode.booleanValue());
    }

    /**
     * JSON lets a string escape a lone surrogate ({@code "\}{@code ud800"}), which is no character: it
     * cannot be written as UTF-8 and has no code-point offset, so it is refused like invalid UTF-8 bytes.
     */
    private static String wellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ApiError(400, what + " holds a lone surrogate \\u" + Integer.toHexString(c)
                        + " at UTF-16 index " + i + ": strings must be valid Unicode");
            }
        }
        return s;
    }
}
