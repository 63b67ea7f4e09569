package org.companyner.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewServerTest {
    @TempDir
    Path dir;

    private QueueFile.Queue queue;
    private ReviewSession session;
    private ReviewServer server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        queue = Fixtures.queue(dir);
        session = ReviewSession.open(queue);
        server = new ReviewServer(session);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        session.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), QueueFile.MAPPER.readTree(r.body()));
    }

    private Answer post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), QueueFile.MAPPER.readTree(r.body()));
    }

    private long logLines() throws Exception {
        Path log = DecisionLog.of(queue.file());
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void badRequestsGetAOneLineJsonErrorAndWriteNothing() throws Exception {
        Answer notQueued = get("/api/items/2");
        assertThat(notQueued.status()).isEqualTo(404);
        assertThat(notQueued.body().get("error").asText()).isEqualTo("sentence '2' is not in the review queue");
        assertThat(post("/api/items/99/decisions", "{\"action\":\"accept-label\",\"revision\":0}").status()).isEqualTo(404);
        Answer badJson = post("/api/items/1/decisions", "{\"action\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body().get("error").asText()).startsWith("request body is not JSON");
        assertThat(post("/api/items/1/decisions", "{\"action\":\"approve\",\"revision\":0}").body().get("error").asText())
                .contains("unknown action 'approve'");
        assertThat(post("/api/items/1/decisions", "{\"action\":\"add-span\",\"start\":3,\"end\":99,\"revision\":0}").status())
                .isEqualTo(400);
        assertThat(post("/api/items/1/decisions", "{\"action\":\"accept-label\"}").status()).isEqualTo(400);
        assertThat(get("/api/items/1/occurrences?start=x&end=2").status()).isEqualTo(400);
        assertThat(get("/no/such/page").status()).isEqualTo(404);
        assertThat(logLines()).isZero();
    }

    @Test
    void twoTabsOnOneQueueNeverLoseOrDuplicateADecision() throws Exception {
        int revA = get("/api/items/1").body().get("revision").asInt();
        int revB = get("/api/items/1").body().get("revision").asInt();
        String a = "{\"action\":\"accept-model\",\"revision\":" + revA + ",\"client\":\"A\",\"clientSeq\":1}";
        assertThat(post("/api/items/1/decisions", a).status()).isEqualTo(200);
        Answer stale = post("/api/items/1/decisions",
                "{\"action\":\"accept-label\",\"revision\":" + revB + ",\"client\":\"B\",\"clientSeq\":1}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("error").asText()).contains("reload it");
        assertThat(logLines()).isEqualTo(1);
        // tab A's request sent again (a retry after a lost answer): applied once
        Answer retry = post("/api/items/1/decisions", a);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("duplicate").asBoolean()).isTrue();
        assertThat(logLines()).isEqualTo(1);
        // tab B reloads the sentence and decides on the new revision
        int reloaded = get("/api/items/1").body().get("revision").asInt();
        Answer b = post("/api/items/1/decisions",
                "{\"action\":\"reject-span\",\"start\":5,\"end\":9,\"revision\":" + reloaded + ",\"client\":\"B\",\"clientSeq\":2}");
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.body().get("decision")).hasSize(1);
        assertThat(logLines()).isEqualTo(2);
        JsonNode q = get("/api/queue").body();
        assertThat(q.get("reviewed").asInt()).isEqualTo(1);
        assertThat(q.get("queued").asInt()).isEqualTo(4);
    }
}
