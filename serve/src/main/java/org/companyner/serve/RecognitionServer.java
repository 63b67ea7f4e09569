package org.companyner.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.companyner.link.CompanyLinker;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Entity;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.servlet.FilterHolder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * HTTP recognition service over models opened with {@link LoadedModel} (ONNX Runtime, no DJL).
 *
 * <ul>
 *   <li>{@code POST /v1/recognize} {@code {"articles": [...], "model": "name"}} →
 *       {@code {"model": name, "results": [{"entities": [{start, end, text, type, score, link?}]}]}}, offsets in
 *       code points; {@code link} ({@code {id, name, code, exchange, score, runnerUp?}}) where the mention is
 *       linked to the model's company table; {@code "link": false} in the request turns linking off</li>
 *   <li>{@code GET /v1/models}, {@code GET /health}, {@code GET /metrics} (Prometheus text)</li>
 * </ul>
 * Every error is JSON {@code {"error": "..."}}; never a stack trace.
 *
 * <p>A recognition request is read whole (within {@link ServerConfig#bodyTimeout()}) before it is
 * admitted to one of {@link ServerConfig#maxQueue()} slots, so clients that trickle their bodies
 * cannot hold the slots that real work needs.
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
    /** API requests inside their handler (reading, queued or running): what a shutdown waits for. */
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;
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
            // shutdown() drains the requests in flight itself (Jetty 11 waits for none without a StatisticsHandler),
            // so Jetty's own stop is immediate and never ends in a TimeoutException over an idle keep-alive connection
            c.jetty.modifyServer(server -> server.setStopTimeout(0));
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(this::countInFlight), "/v1/*",
                    EnumSet.of(DispatcherType.REQUEST)));
        });
        a.post("/v1/recognize", api(this::recognize));
        a.get("/v1/models", api(this::listModels));
        a.get("/health", ctx -> send(ctx, draining ? 503 : 200,
                json.createObjectNode().put("status", draining ? "draining" : "ok")));
        a.get("/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(OPENAPI));
        a.get("/", ctx -> ctx.status(200).contentType("text/html; charset=utf-8").result(DEMO_PAGE));
        a.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.prometheus()));
        // the one place where errors become responses
        a.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
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

    /**
     * Stops the way a signal should: new API requests get 503 (and {@code /health} says "draining"),
     * requests already in flight get up to {@link ServerConfig#drainTimeout()} to finish, then the
     * server stops and the models close. Returns how many requests were still running when it stopped.
     */
    public int shutdown() {
        synchronized (this) {
            if (app == null) {
                stop();
                return 0;
            }
            draining = true;
        }
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        synchronized (active) {
            for (long left; active.get() > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(active, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int cut = active.get();
        if (cut > 0) {
            LOG.warn("drain time of {} s is over: stopping with {} request(s) still running",
                    config.drainTimeout().toSeconds(), cut);
        }
        stop();
        return cut;
    }

    /** Stops at once, cutting off requests in flight (see {@link #shutdown()}), and closes the models. */
    public synchronized void stop() {
        if (app != null) {
            try {
                app.stop();
            } catch (RuntimeException e) {
                // Jetty has stopped all the same; a stop failure is no reason for a stack trace at exit
                LOG.warn("stopping the HTTP server: {}", firstLine(String.valueOf(e.getMessage())));
            }
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

    /** {@link #shutdown()}: requests in flight may finish. */
    @Override
    public void close() {
        shutdown();
    }

    /** Permits for requests in flight; package-private so tests can fill the queue. */
    Semaphore inFlight() {
        return slots;
    }

    /**
     * Counts an API request as in flight for {@link #shutdown()} from its arrival until its response has
     * been flushed: Javalin writes the response only after the handler returns, so counting inside the
     * handler would let the server stop under a reply still being written.
     */
    private void countInFlight(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        active.incrementAndGet();
        try {
            chain.doFilter(req, res);
            res.flushBuffer();
        } finally {
            if (active.decrementAndGet() == 0 && draining) {
                synchronized (active) {
                    active.notifyAll();
                }
            }
        }
    }

    /** Refuses an API request once the server is draining. */
    private Handler api(Handler handler) {
        return ctx -> {
            // already counted by countInFlight, so a request that saw draining == false is waited for
            if (draining) {
                ctx.header("Connection", "close");
                throw new ApiError(503, "server is shutting down");
            }
            handler.handle(ctx);
        };
    }

    private void recognize(Context ctx) {
        long t0 = System.nanoTime();
        metrics.request();
        boolean ok = false;
        try {
            checkAuth(ctx);
            RecognizeRequest request = RecognizeRequest.from(parse(readBody(ctx)), config, defaultModel);
            Slot slot = models.get(request.model());
            if (slot == null) {
                throw new ApiError(404, "unknown model: " + request.model());
            }
            List<List<Entity>> found = admitted(ctx, () -> slot.link(request.articles(), slot.recognize(request.articles()), request.link()));
            send(ctx, 200, reply(request.model(), found));
            metrics.chars(request.chars());
            ok = true;
        } finally {
            if (!ok) {
                metrics.error();
            }
            metrics.observe((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Runs {@code work} in one of the {@link ServerConfig#maxQueue()} slots, or answers 503 when none is free. */
    private <T> T admitted(Context ctx, Supplier<T> work) {
        if (!slots.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw new ApiError(503, "too many requests in flight, retry later");
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    private ObjectNode reply(String model, List<List<Entity>> found) {
        ObjectNode out = json.createObjectNode();
        out.put("model", model);
        ArrayNode results = out.putArray("results");
        for (List<Entity> entities : found) {
            ArrayNode list = results.addObject().putArray("entities");
            for (Entity e : entities) {
                ObjectNode o = list.addObject().put("start", e.start()).put("end", e.end()).put("text", e.text())
                        .put("type", e.type()).put("score", e.score());
                if (e.link() != null) {
                    o.set("link", json.valueToTree(e.link()));
                }
            }
        }
        return out;
    }

    private void listModels(Context ctx) {
        checkAuth(ctx);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("models");
        for (Slot s : models.values()) {
            ModelCard card = s.card();
            ObjectNode m = list.addObject();
            m.put("name", s.name);
            m.put("preset", card.config().arch());
            // the version is the weights' identity: the first 12 hex digits of model.onnx's SHA-256
            String sha = card.files().getOrDefault(ModelDir.GRAPH, "");
            m.put("version", sha.substring(0, Math.min(12, sha.length())));
            m.set("metrics", json.valueToTree(card.metrics()));
            m.put("default", s.name.equals(defaultModel));
        }
        send(ctx, 200, out);
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

    /**
     * Reads the whole body within {@link ServerConfig#bodyTimeout()} from now (408 after), however
     * the bytes trickle in: before each read the connection's idle timeout is cut to the time left,
     * so one blocked read cannot outlast the deadline. Jetty answers an idle timeout during a read
     * by failing that read, and the connection is closed after the 408 because its body is unread.
     */
    private byte[] readBody(Context ctx) {
        long limit = config.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new ApiError(413, "request too large: more than " + limit + " bytes");
        }
        Request jetty = Request.getBaseRequest(ctx.req());
        EndPoint endPoint = jetty == null ? null : jetty.getHttpChannel().getEndPoint();
        long idle = endPoint == null ? 0 : endPoint.getIdleTimeout();
        long deadline = System.nanoTime() + config.bodyTimeout().toNanos();
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buf = new byte[16_384];
        try {
            InputStream in = ctx.req().getInputStream();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw bodyTimeout(ctx);
                }
                if (endPoint != null) {
                    endPoint.setIdleTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                int n = in.read(buf);
                if (n < 0) {
                    return body.toByteArray();
                }
                body.write(buf, 0, n);
                if (body.size() > limit) {
                    throw new ApiError(413, "request too large: more than " + limit + " bytes");
                }
            }
        } catch (IOException e) {
            throw timedOut(e) || deadline - System.nanoTime() <= 0 ? bodyTimeout(ctx) : new ApiError(400, "could not read request body");
        } finally {
            if (endPoint != null) {
                endPoint.setIdleTimeout(idle);
            }
        }
    }

    /** Jetty fails a read cut by the idle timeout with an IOException caused by a TimeoutException. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private ApiError bodyTimeout(Context ctx) {
        ctx.header("Connection", "close");
        return new ApiError(408, "request body not received within " + config.bodyTimeout().toSeconds() + " s");
    }

    /**
     * Strict UTF-8 first, JSON second: Jackson's own byte decoder lets overlong forms ({@code C0 AF})
     * and values above U+10FFFF through, and guesses UTF-16/32 from the first bytes.
     */
    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiError(400, "empty request body");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer text = CharBuffer.allocate(body.length); // UTF-8 never gives more chars than bytes
        var decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input by default
        CoderResult r = decoder.decode(in, text, true);
        if (r.isError()) {
            throw new ApiError(400, "request body is not valid UTF-8 (byte " + in.position() + ")");
        }
        decoder.flush(text);
        text.flip();
        if (text.hasRemaining() && text.get(0) == '\uFEFF') {
            text.get(); // a byte order mark, which Jackson skipped before
        }
        try {
            return json.readTree(text.toString());
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
     * UTF-8. Requests holding them are refused ({@link RecognizeRequest}); this guards every other
     * string that reaches a reply, such as a parser message quoting the input.
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


    /** One served model: opened lazily, used by one request at a time. */
    private static final class Slot {
        final String name;
        final Path dir;
        final int threads;
        final ReentrantLock lock = new ReentrantLock();
        private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
        private final Metrics metrics;
        private LoadedModel model;
        private boolean closed;
        private volatile ModelCard card;
        private volatile CompanyLinker linker;

        Slot(String name, Path dir, int threads, Metrics metrics) {
            this.metrics = metrics;
            this.name = name;
            this.dir = dir;
            this.threads = threads;
        }

        /** Caller holds {@link #lock}. */
        LoadedModel model() {
            if (closed) {
                // a request queued behind the last call of a shutdown that ran out of drain time
                throw new ApiError(503, "server is shutting down");
            }
            if (model == null) {
                model = LoadedModel.open(dir, BATCH_TOKENS, threads, null);
                card = model.card();
                linker = model.linker();
            }
            return model;
        }

        /**
         * {@code found} linked to the model's company table when {@code link} (outside the model's lock:
         * the linker is immutable); unchanged when the model has no table or {@code link} is false.
         */
        List<List<Entity>> link(List<String> articles, List<List<Entity>> found, boolean link) {
            CompanyLinker l = linker;
            return link && l != null ? l.linkAll(articles, found) : found;
        }

        ModelCard card() {
            ModelCard c = card;
            if (c == null) {
                c = new ModelDir(dir).verify();
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

        /** Caller holds {@link #lock}. */
        void close() {
            closed = true;
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }
}
