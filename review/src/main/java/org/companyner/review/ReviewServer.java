package org.companyner.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.companyner.text.Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review page and its JSON API over one {@link ReviewSession}:
 * <ul>
 *   <li>{@code GET /} the page; {@code GET /review.js}, {@code /review.css}</li>
 *   <li>{@code GET /api/queue}: counts, the queued ids in rank order, the first unreviewed position</li>
 *   <li>{@code GET /api/items/{id}}: the sentence, label spans, model spans, current decision, revision</li>
 *   <li>{@code POST /api/items/{id}/decisions} {@code {"action", "start", "end", "revision", "client", "clientSeq"}}</li>
 *   <li>{@code GET /api/items/{id}/occurrences?start=&end=&mode=}: the other queued sentences a propagation would change</li>
 *   <li>{@code POST /api/items/{id}/propagate} {@code {"start", "end", "mode": "add"|"reject", "revision", "client", "clientSeq"}}</li>
 * </ul>
 * Every error is JSON {@code {"error": "..."}} with 400 (bad request), 404 (not in the queue) or 409 (stale revision).
 */
public final class ReviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    private static final long MAX_BODY = 64 * 1024;

    private final ReviewSession session;
    private Javalin app;

    public ReviewServer(ReviewSession session) {
        this.session = session;
    }

    /** Starts listening on {@code host:port} (0: any free port); returns the bound port. */
    public synchronized int start(String host, int port) {
        Javalin a = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            c.jetty.modifyServer(server -> server.setStopTimeout(0));
        });
        a.get("/", ctx -> resource(ctx, "review.html", "text/html; charset=utf-8"));
        a.get("/review.js", ctx -> resource(ctx, "review.js", "text/javascript; charset=utf-8"));
        a.get("/review.css", ctx -> resource(ctx, "review.css", "text/css; charset=utf-8"));
        a.get("/health", ctx -> send(ctx, 200, QueueFile.MAPPER.createObjectNode().put("status", "ok")));
        a.get("/api/queue", this::queue);
        a.get("/api/items/{id}", ctx -> send(ctx, 200, session.read(s -> item(s, ctx.pathParam("id")))));
        a.post("/api/items/{id}/decisions", this::decide);
        a.get("/api/items/{id}/occurrences", this::occurrences);
        a.post("/api/items/{id}/propagate", this::propagate);
        // the one place where errors become responses
        a.exception(ReviewException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        a.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 404 ? "not found" : String.valueOf(e.getMessage())));
        a.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getMessage());
        });
        a.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "not found: " + ctx.path());
            }
        });
        a.start(host, port);
        app = a;
        return a.port();
    }

    private void queue(Context ctx) {
        send(ctx, 200, session.read(s -> {
            QueueHeader h = s.queue().header();
            ObjectNode out = QueueFile.MAPPER.createObjectNode();
            out.put("queue", s.queue().file().getFileName().toString()).put("model", h.model()).put("data", h.data())
                    .put("ranking", h.ranking()).put("sentences", h.sentences()).put("queued", s.order().size())
                    .put("reviewed", s.reviewed());
            ArrayNode ids = out.putArray("order");
            ArrayNode done = out.putArray("done");
            int next = -1;
            for (int i = 0; i < s.order().size(); i++) {
                String id = s.order().get(i).id();
                ids.add(id);
                boolean reviewed = s.isReviewed(id);
                done.add(reviewed);
                if (!reviewed && next < 0) {
                    next = i;
                }
            }
            out.put("next", Math.max(next, 0));
            return out;
        }));
    }

    private void decide(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        String id = ctx.pathParam("id");
        Action action;
        try {
            action = Action.parse(body.path("action").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ReviewException(400, e.getMessage());
        }
        if (action == Action.PROPAGATE) {
            throw new ReviewException(400, "propagate has its own endpoint: POST /api/items/" + id + "/propagate");
        }
        if (action.needsSpan() && !(body.path("start").isInt() && body.path("end").isInt())) {
            throw new ReviewException(400, action.id() + " needs integer \"start\" and \"end\" (code points)");
        }
        Decision d = Decision.of(id, action, body.path("start").asInt(-1), body.path("end").asInt(-1),
                revision(body), client(body), body.path("clientSeq").asLong(0));
        ReviewSession.Outcome outcome = session.decide(d);
        ObjectNode out = session.read(s -> item(s, id));
        out.put("duplicate", outcome.duplicate());
        send(ctx, 200, out);
    }

    private void occurrences(Context ctx) {
        String id = ctx.pathParam("id");
        int start = intParam(ctx, "start"), end = intParam(ctx, "end");
        String mode = ctx.queryParam("mode") == null ? "add" : ctx.queryParam("mode");
        send(ctx, 200, session.read(s -> {
            QueueItem q = s.item(id);
            int length = q.text().codePointCount(0, q.text().length());
            if (start < 0 || end <= start || end > length) {
                throw new ReviewException(400, "span [" + start + ", " + end + ") is outside sentence '" + id + "'");
            }
            String surface = org.companyner.text.CodePoints.substring(q.text(), start, end);
            List<Decision.Target> targets = s.targets(id, surface, mode);
            ObjectNode out = QueueFile.MAPPER.createObjectNode().put("surface", surface).put("mode", mode)
                    .put("count", targets.size());
            ArrayNode items = out.putArray("items");
            targets.forEach(t -> items.add(t.item()));
            return out;
        }));
    }

    private void propagate(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        String id = ctx.pathParam("id");
        if (!(body.path("start").isInt() && body.path("end").isInt())) {
            throw new ReviewException(400, "propagate needs integer \"start\" and \"end\" (code points)");
        }
        String mode = body.path("mode").asText("");
        if (!mode.equals("add") && !mode.equals("reject")) {
            throw new ReviewException(400, "propagate needs \"mode\": \"add\" or \"reject\"");
        }
        ReviewSession.Outcome outcome = session.propagate(id, body.get("start").asInt(), body.get("end").asInt(),
                session.read(s -> s.revision(id)), mode, client(body), body.path("clientSeq").asLong(0));
        ObjectNode out = QueueFile.MAPPER.createObjectNode().put("duplicate", outcome.duplicate())
                .put("applied", outcome.changed().size());
        ArrayNode items = out.putArray("items");
        outcome.changed().forEach(items::add);
        send(ctx, 200, out);
    }

    static ObjectNode item(ReviewState s, String id) {
        QueueItem q = s.item(id);
        ObjectNode out = QueueFile.json(q);
        out.put("position", s.order().indexOf(q)).put("length", q.text().codePointCount(0, q.text().length()))
                .put("revision", s.revision(id)).put("reviewed", s.isReviewed(id));
        List<Entity> spans = s.spans(id);
        QueueFile.spans(out.putArray("decision"), spans);
        return out;
    }

    private static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = QueueFile.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new ReviewException(400, "request body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) {
            throw new ReviewException(400, "request body must be a JSON object");
        }
        return body;
    }

    private static int revision(JsonNode body) {
        if (!body.path("revision").isInt()) {
            throw new ReviewException(400, "a decision needs the integer \"revision\" of the sentence it was made on");
        }
        return body.get("revision").asInt();
    }

    private static String client(JsonNode body) {
        return body.hasNonNull("client") ? body.get("client").asText() : null;
    }

    private static int intParam(Context ctx, String name) {
        try {
            return Integer.parseInt(String.valueOf(ctx.queryParam(name)));
        } catch (NumberFormatException e) {
            throw new ReviewException(400, "query parameter '" + name + "' must be an integer");
        }
    }

    private static void resource(Context ctx, String name, String type) {
        try (InputStream in = ReviewServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            ctx.status(200).contentType(type).header("Cache-Control", "no-store")
                    .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void error(Context ctx, int status, String message) {
        send(ctx, status, QueueFile.MAPPER.createObjectNode().put("error", message));
    }

    private static void send(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json; charset=utf-8").header("Cache-Control", "no-store")
                    .result(QueueFile.MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            ctx.status(500).result("{\"error\":\"internal error\"}");
        }
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
