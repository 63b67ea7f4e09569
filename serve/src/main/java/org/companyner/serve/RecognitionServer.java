package org.companyner.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.ModelCard;
import org.companyner.text.Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * HTTP recognition service over models opened with {@link LoadedModel} (ONNX Runtime, no DJL).
 *
 * <ul>
 *   <li>{@code POST /v1/recognize} {@code {"articles": [...], "model": "name"}} →
 *       {@code {"model": name, "results": [{"entities": [{start, end, text, type, score}]}]}}, offsets in code points</li>
 *   <li>{@code GET /v1/models}, {@code GET /health}, {@code GET /metrics} (Prometheus text)</li>
 * </ul>
 * Every error is JSON {@code {"error": "..."}}; never a stack trace.
 *
 * <p>Models are opened lazily on first use (or by {@link #preload()}). A {@code Recognizer} is not
 * thread-safe, so each model has one lock; requests that arrive while a model is busy are combined
 * into its next call (dynamic batching, see {@code Slot.recognize}), and {@code /metrics} reports
 * how many requests each call served.
 */
public final class RecognitionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecognitionServer.class);
    private static final int BATCH_TOKENS = 4096;
    /** Most characters one combined model call takes from the queue (a lone bigger request still runs alone). */
    private static final long MAX_BATCH_CHARS = 64_000;
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Map<String, Slot> models;
    private final String defaultModel;
    private final ServerConfig config;
    private final Semaphore slots;
    private final Metrics metrics = new Metrics();
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private Javalin app;
    private static final String OPENAPI = readResource("openapi.json");
    /** The browser demo: paste text, pick a model, see company names highlighted (displaCy-like). */
    private static final String DEMO_PAGE = readResource("index.html");

    private static String readResource(String name) {
        try (var in = RecognitionServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Serves {@code models} (name → model directory); the default is "default" when present, else the first entry. */
    public RecognitionServer(Map<String, Path> models, ServerConfig config) {
        this(models, models.containsKey("default") ? "default" : models.keySet().stream().findFirst().orElse(null), config);
    }

    public RecognitionServer(Map<String, Path> models, String defaultModel, ServerConfig config) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("no models to serve");
        }
        if (!models.containsKey(defaultModel)) {
            throw new IllegalArgumentException("default model not among the models: " + defaultModel);
        }
        Map<String, Slot> m = new LinkedHashMap<>();
        models.forEach((name, dir) -> m.put(name, new Slot(name, dir, config.threads(), metrics)));
        this.models = Collections.unmodifiableMap(m);
        this.defaultModel = defaultModel;
        this.config = config;
        this.slots = new Semaphore(config.maxQueue());
    }

    /** Opens every model now (fails with the model's {@link org.companyner.UserError} if one is broken). */
    public void preload() {
        for (Slot s : models.values()) {
            s.lock.lock();
            try {
                s.model();
            } finally {
                s.lock.unlock();
            }
        }
    }

    /** Starts listening; returns the bound port (the ephemeral one when the configured port is 0). */
    public synchronized int start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        Javalin a = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxBodyBytes();
            c.jetty.modifyServer(server -> server.setStopTimeout(5_000));
        });
        a.post("/v1/recognize", this::recognize);
        a.get("/v1/models", this::listModels);
        a.get("/health", ctx -> send(ctx, 200, json.createObjectNode().put("status", "ok")));
        a.get("/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(OPENAPI));
        a.get("/", ctx -> ctx.status(200).contentType("text/html; charset=utf-8").result(DEMO_PAGE));
        a.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.prometheus()));
        a.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 404 ? "not found" : (e.getMessage() == null ? "error" : e.getMessage())));
        a.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error");
        });
        a.start(config.host(), config.port());
        app = a;
        return a.port();
    }

    /** Stops gracefully (in-flight requests get a few seconds) and closes the models. */
    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
        for (Slot s : models.values()) {
            s.lock.lock();
            try {
                s.close();
            } finally {
                s.lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Permits for requests in flight; package-private so tests can fill the queue. */
    Semaphore inFlight() {
        return slots;
    }

    private void recognize(Context ctx) {
        long t0 = System.nanoTime();
        metrics.request();
        int status = 500;
        boolean acquired = false;
        try {
            checkAuth(ctx);
            if (!slots.tryAcquire()) {
                ctx.header("Retry-After", "1");
                throw new ApiError(503, "too many requests in flight, retry later");
            }
            acquired = true;
            JsonNode root = parse(readBody(ctx));
            if (!(root instanceof ObjectNode)) {
                throw new ApiError(400, "request body must be a JSON object");
            }
            JsonNode modelNode = root.get("model");
            String modelName;
            if (modelNode == null || modelNode.isNull()) {
                modelName = defaultModel;
            } else if (modelNode.isTextual()) {
                modelName = modelNode.textValue();
            } else {
                throw new ApiError(400, "'model' must be a string");
            }
            JsonNode articlesNode = root.get("articles");
            if (!(articlesNode instanceof ArrayNode arr)) {
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
                String s = n.textValue();
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
            Slot slot = models.get(modelName);
            if (slot == null) {
                throw new ApiError(404, "unknown model: " + modelName);
            }
            List<List<Entity>> found = slot.recognize(articles);
            ObjectNode out = json.createObjectNode();
            out.put("model", modelName);
            ArrayNode results = out.putArray("results");
            for (List<Entity> entities : found) {
                ArrayNode list = results.addObject().putArray("entities");
                for (Entity e : entities) {
                    list.addObject().put("start", e.start()).put("end", e.end()).put("text", e.text())
                            .put("type", e.type()).put("score", e.score());
                }
            }
            send(ctx, 200, out);
            status = 200;
            metrics.chars(total);
        } catch (ApiError e) {
            status = e.status;
            error(ctx, e.status, e.getMessage());
        } catch (Exception e) {
            status = 500;
            LOG.error("recognition failed", e);
            error(ctx, 500, "internal error");
        } finally {
            if (acquired) {
                slots.release();
            }
            if (status >= 400) {
                metrics.error();
            }
            metrics.observe((System.nanoTime() - t0) / 1e9);
        }
    }

    private void listModels(Context ctx) {
        try {
            checkAuth(ctx);
            ObjectNode out = json.createObjectNode();
            ArrayNode list = out.putArray("models");
            for (Slot s : models.values()) {
                ModelCard card = s.card();
                ObjectNode m = list.addObject();
                m.put("name", s.name);
                m.put("preset", card.config().arch());
                // the version is the weights' identity: the first 12 hex digits of model.onnx's SHA-256
                String sha = card.files().getOrDefault("model.onnx", "");
                m.put("version", sha.substring(0, Math.min(12, sha.length())));
                m.set("metrics", json.valueToTree(card.metrics()));
                m.put("default", s.name.equals(defaultModel));
            }
            send(ctx, 200, out);
        } catch (ApiError e) {
            error(ctx, e.status, e.getMessage());
        }
    }

    private void checkAuth(Context ctx) {
        String token = config.bearerToken();
        if (token == null) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, header == null ? "missing bearer token" : "invalid bearer token");
        }
    }

    private byte[] readBody(Context ctx) {
        long limit = config.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new ApiError(413, "request too large: more than " + limit + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw new ApiError(413, "request too large: more than " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new ApiError(400, "could not read request body");
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiError(400, "empty request body");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiError(400, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiError(400, "malformed JSON");
        }
    }

    private void error(Context ctx, int status, String message) {
        send(ctx, status, json.createObjectNode().put("error", message));
    }

    private void send(Context ctx, int status, JsonNode body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JacksonException e) {
            LOG.error("could not write response", e);
            status = 500;
            text = "{\"error\":\"internal error\"}";
        }
        ctx.status(status).contentType(JSON_TYPE).result(escapeLoneSurrogates(text).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Lone surrogates (legal in a JSON string escape, not encodable in UTF-8) can only occur inside
     * string literals of the written JSON: escape them as {@code \}{@code uXXXX} so the reply stays valid
     * and round-trips the caller's text exactly.
     */
    static String escapeLoneSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!lone) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (lone) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** An error the caller caused (or overload): status and a one-line message. */
    private static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** One served model: opened lazily, used by one request at a time. */
    private static final class Slot {
        final String name;
        final Path dir;
        final int threads;
        final ReentrantLock lock = new ReentrantLock();
        private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
        private final Metrics metrics;
        private LoadedModel model;
        private volatile ModelCard card;

        Slot(String name, Path dir, int threads, Metrics metrics) {
            this.metrics = metrics;
            this.name = name;
            this.dir = dir;
            this.threads = threads;
        }

        /** Caller holds {@link #lock}. */
        LoadedModel model() {
            if (model == null) {
                model = LoadedModel.open(dir, BATCH_TOKENS, threads, null);
                card = model.card();
            }
            return model;
        }

        ModelCard card() {
            ModelCard c = card;
            if (c == null) {
                c = ModelCard.load(dir);
                card = c;
            }
            return c;
        }

        /**
         * Dynamic batching by flat combining: each request queues its articles, then whoever holds
         * the model's lock runs every queued request (up to {@link #MAX_BATCH_CHARS}) in one
         * {@link org.companyner.runtime.Recognizer} call, so concurrent requests share batches
         * without a timer and a lone request waits for nothing.
         */
        List<List<Entity>> recognize(List<String> articles) {
            // empty articles never reach the model
            List<String> nonEmpty = new ArrayList<>();
            for (String a : articles) {
                if (!a.isEmpty()) {
                    nonEmpty.add(a);
                }
            }
            List<List<Entity>> found = List.of();
            if (!nonEmpty.isEmpty()) {
                Job mine = new Job(nonEmpty, new CompletableFuture<>());
                queue.add(mine);
                lock.lock();
                try {
                    while (!mine.result().isDone()) {
                        runQueued();
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    found = mine.result().join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            List<List<Entity>> out = new ArrayList<>(articles.size());
            int k = 0;
            for (String a : articles) {
                out.add(a.isEmpty() ? List.of() : found.get(k++));
            }
            return out;
        }

        /** Caller holds {@link #lock}: one model call over the queued jobs. */
        private void runQueued() {
            List<Job> batch = new ArrayList<>();
            List<String> all = new ArrayList<>();
            long chars = 0;
            for (Job j; (j = queue.peek()) != null && (batch.isEmpty() || chars + j.chars() <= MAX_BATCH_CHARS); ) {
                queue.poll();
                batch.add(j);
                all.addAll(j.articles());
                chars += j.chars();
            }
            try {
                List<List<Entity>> found = model().recognizer().recognize(all);
                metrics.batch(batch.size());
                int k = 0;
                for (Job j : batch) {
                    j.result().complete(found.subList(k, k + j.articles().size()));
                    k += j.articles().size();
                }
            } catch (RuntimeException e) {
                batch.forEach(j -> j.result().completeExceptionally(e));
            }
        }

        /** One request's articles waiting for the model. */
        private record Job(List<String> articles, CompletableFuture<List<List<Entity>>> result) {
            long chars() {
                return articles.stream().mapToLong(String::length).sum();
            }
        }

        void close() {
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }
}
