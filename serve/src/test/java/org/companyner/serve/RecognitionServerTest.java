package org.companyner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecognitionServerTest {
    private static final Path MODEL = Path.of("../models/default");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RecognitionServer server;
    private static RecognitionServer secured;
    private static String base;
    private static String securedBase;

    @BeforeAll
    static void start() {
        server = new RecognitionServer(Map.of("default", MODEL),
                ServerConfig.defaults(0).withLimits(10, 2000, 5000));
        server.preload();
        base = "http://127.0.0.1:" + server.start();
        secured = new RecognitionServer(Map.of("default", MODEL), ServerConfig.defaults(0).withBearerToken("s3cret"));
        securedBase = "http://127.0.0.1:" + secured.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (secured != null) {
            secured.stop();
        }
    }

    private static HttpResponse<String> post(String url, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> recognize(String body) throws Exception {
        return post(base + "/v1/recognize", body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String articles(Object... articles) throws Exception {
        return JSON.writeValueAsString(Map.of("articles", List.of(articles)));
    }

    private static void assertError(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").isTextual()).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void recognisesInOrderWithCodePointOffsetsAndEveryMention() throws Exception {
        String plain = "受消息影响，招商银行股价上涨。";
        String emoji = "😀受消息影响，招商银行股价上涨。";
        String twice = "受消息影响，招商银行股价上涨。分析师认为，招商银行的业绩稳健。";
        HttpResponse<String> r = recognize(articles(plain, "", emoji, twice));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("model").asText()).isEqualTo("default");
        JsonNode results = body.get("results");
        assertThat(results).hasSize(4);

        JsonNode first = results.get(0).get("entities");
        assertThat(first).anySatisfy(e -> {
            assertThat(e.get("text").asText()).isEqualTo("招商银行");
            assertThat(e.get("start").asInt()).isEqualTo(6);
            assertThat(e.get("end").asInt()).isEqualTo(10);
            assertThat(e.get("type").asText()).isEqualTo("COMPANY");
            assertThat(e.get("score").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(results.get(1).get("entities")).isEmpty();
        assertThat(results.get(2).get("entities")).anySatisfy(e -> {
            assertThat(e.get("text").asText()).isEqualTo("招商银行");
            assertThat(e.get("start").asInt()).isEqualTo(7);
            assertThat(e.get("end").asInt()).isEqualTo(11);
        });
        List<Integer> starts = new ArrayList<>();
        for (JsonNode e : results.get(3).get("entities")) {
            if (e.get("text").asText().equals("招商银行")) {
                starts.add(e.get("start").asInt());
            }
        }
        assertThat(starts).containsExactly(6, twice.indexOf("招商银行", 10));
        // every entity's text is exactly its code-point span of the article
        String[] input = {plain, "", emoji, twice};
        for (int a = 0; a < input.length; a++) {
            int[] cps = input[a].codePoints().toArray();
            for (JsonNode e : results.get(a).get("entities")) {
                String span = new String(cps, e.get("start").asInt(), e.get("end").asInt() - e.get("start").asInt());
                assertThat(e.get("text").asText()).isEqualTo(span);
            }
        }
    }

    @Test
    void mentionsAreLinkedUnlessTheRequestSaysLinkFalse() throws Exception {
        String article = "贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。";
        JsonNode linked = JSON.readTree(recognize(articles(article)).body()).get("results").get(0).get("entities");
        assertThat(linked.findValuesAsText("text")).containsExactly("贵州茅台酒股份有限公司", "茅台", "茅台");
        for (JsonNode e : linked) {
            assertThat(e.get("link").get("id").asText()).isEqualTo("600519.SH");
            assertThat(e.get("link").get("exchange").asText()).isEqualTo("SSE");
        }
        HttpResponse<String> off = recognize(JSON.writeValueAsString(Map.of("articles", List.of(article), "link", false)));
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        JsonNode plain = JSON.readTree(off.body()).get("results").get(0).get("entities");
        assertThat(plain.findValues("link")).isEmpty();
        assertThat(plain.size()).isLessThan(linked.size());
        assertError(recognize(JSON.writeValueAsString(Map.of("articles", List.of(article), "link", "no"))), 400);
        assertThat(get(base + "/openapi.json").body()).contains("\"Link\"").contains("runnerUp");
    }

    @Test
    void explicitModelNameAndEmptyList() throws Exception {
        HttpResponse<String> r = recognize("{\"articles\": [], \"model\": \"default\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("results")).isEmpty();
    }

    @Test
    void listsModels() throws Exception {
        HttpResponse<String> r = get(base + "/v1/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = JSON.readTree(r.body()).get("models");
        assertThat(m).hasSize(1);
        assertThat(m.get(0).get("name").asText()).isEqualTo("default");
        assertThat(m.get(0).get("preset").asText())
                .isEqualTo(JSON.readTree(MODEL.resolve("model.json").toFile()).path("config").path("arch").asText())
                .isNotBlank();
        assertThat(m.get(0).get("version").asText()).hasSize(12);
        assertThat(m.get(0).get("metrics").isObject()).isTrue();
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> r = get(base + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void concurrentRequestsAreAllAnsweredCorrectlyAndShareModelCalls() throws Exception {
        long batchesBefore = metric("company_ner_batches_total");
        long requestsBefore = metric("company_ner_batched_requests_total");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String body = "{\"articles\": [\"受消息影响，招商银行股价上涨。\", \"" + "平安".repeat(i % 5) + "\"]}";
                replies.add(pool.submit(() -> recognize(body)));
            }
            for (var f : replies) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                var results = JSON.readTree(r.body()).get("results");
                assertThat(results).hasSize(2);
                assertThat(results.get(0).get("entities").get(0).get("text").asText()).isEqualTo("招商银行");
            }
        } finally {
            pool.shutdown();
        }
        long batches = metric("company_ner_batches_total") - batchesBefore;
        long served = metric("company_ner_batched_requests_total") - requestsBefore;
        assertThat(served).isEqualTo(40);
        assertThat(batches).isBetween(1L, 40L);
    }

    @Test
    void servesTheDemoPage() throws Exception {
        HttpResponse<String> r = get(base + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("/v1/recognize", "/v1/models", "<textarea");
    }

    @Test
    void servesAnOpenApiDocumentOfItsRoutes() throws Exception {
        HttpResponse<String> r = get(base + "/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        var doc = JSON.readTree(r.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/v1/recognize")).isTrue();
        assertThat(doc.get("paths").has("/v1/models")).isTrue();
    }

    @Test
    void metricsCountRequestsErrorsAndChars() throws Exception {
        long requests = metric("company_ner_requests_total");
        long errors = metric("company_ner_errors_total");
        long chars = metric("company_ner_chars_total");
        long count = metric("company_ner_request_seconds_count");
        assertThat(recognize(articles("招商银行")).statusCode()).isEqualTo(200);
        assertThat(recognize("{").statusCode()).isEqualTo(400);
        // other tests may run concurrently in theory; JUnit runs them sequentially here
        assertThat(metric("company_ner_requests_total")).isEqualTo(requests + 2);
        assertThat(metric("company_ner_errors_total")).isEqualTo(errors + 1);
        assertThat(metric("company_ner_chars_total")).isEqualTo(chars + 4);
        assertThat(metric("company_ner_request_seconds_count")).isEqualTo(count + 2);
        String text = get(base + "/metrics").body();
        assertThat(text).contains("# TYPE company_ner_request_seconds histogram")
                .contains("company_ner_request_seconds_bucket{le=\"+Inf\"}")
                .contains("company_ner_request_seconds_sum ");
    }

    private static long metric(String name) throws Exception {
        HttpResponse<String> r = get(base + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).trim())).findFirst().orElseThrow();
    }

    @Test
    void badRequests() throws Exception {
        assertError(recognize("{"), 400);
        assertError(recognize(""), 400);
        assertError(recognize("[]"), 400);
        assertError(recognize("{\"articles\": \"x\"}"), 400);
        assertError(recognize("{\"articles\": [1, 2]}"), 400);
        assertError(recognize("{\"articles\": [\"a\", null]}"), 400);
        assertError(recognize("{\"articles\": [\"a\"], \"model\": 3}"), 400);
        assertError(recognize("{}"), 400);
        assertError(recognize("{\"articles\": []} trailing"), 400);
        assertError(post(base + "/v1/recognize", new byte[]{(byte) 0xff, (byte) 0xfe, 0x7b}), 400);
    }

    @Test
    void unknownModelAndRoute() throws Exception {
        assertError(recognize("{\"articles\": [\"a\"], \"model\": \"nope\"}"), 404);
        assertError(get(base + "/v2/nothing"), 404);
    }

    @Test
    void limits() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            many.add("a");
        }
        assertError(recognize(JSON.writeValueAsString(Map.of("articles", many))), 413);
        assertError(recognize(articles("字".repeat(2001))), 413);
        assertError(recognize(articles("字".repeat(2000), "字".repeat(2000), "字".repeat(1001))), 413);
        byte[] huge = new byte[(int) ServerConfig.defaults(0).withLimits(10, 2000, 5000).maxBodyBytes() + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        // the server answers 413 from the declared length and closes the connection while the client may still be
        // writing the body; the client then sees a closed connection now and then instead of the response: retry
        HttpResponse<String> refused = null;
        java.io.IOException closed = null;
        for (int attempt = 0; attempt < 8 && refused == null; attempt++) {
            try {
                refused = post(base + "/v1/recognize", huge);
            } catch (java.io.IOException e) {
                closed = e;
            }
        }
        if (refused == null) {
            throw closed;
        }
        assertError(refused, 413);
    }

    @Test
    void overloadedIs503WithRetryAfter() throws Exception {
        int permits = server.inFlight().drainPermits();
        try {
            HttpResponse<String> r = recognize(articles("招商银行"));
            assertError(r, 503);
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
        } finally {
            server.inFlight().release(permits);
        }
        assertThat(recognize(articles("招商银行")).statusCode()).isEqualTo(200);
    }

    @Test
    void bearerToken() throws Exception {
        byte[] body = articles("受消息影响，招商银行股价上涨。").getBytes(StandardCharsets.UTF_8);
        assertError(post(securedBase + "/v1/recognize", body), 401);
        assertError(post(securedBase + "/v1/recognize", body, "Authorization", "Bearer wrong"), 401);
        assertError(get(securedBase + "/v1/models"), 401);
        assertThat(post(securedBase + "/v1/recognize", body, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get(securedBase + "/v1/models", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get(securedBase + "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void controlCharactersAndAstralCharactersRoundTrip() throws Exception {
        String odd = "招商银行\u0000\u0007\u001f股价😀平安银行";
        HttpResponse<String> r = recognize(articles(odd, "\u0000"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body()).get("results");
        assertThat(results).hasSize(2);
        int[] cps = odd.codePoints().toArray();
        for (JsonNode e : results.get(0).get("entities")) {
            int s = e.get("start").asInt();
            assertThat(e.get("text").asText()).isEqualTo(new String(cps, s, e.get("end").asInt() - s));
        }
    }

    @Test
    void loneSurrogateEscapesAreA400NotSilentlyReplaced() throws Exception {
        for (String escaped : List.of("\\ud800", "a\\udc00b", "招商银行\\ud83d", "\\ude00\\ud83d")) {
            HttpResponse<String> r = recognize("{\"articles\": [\"ok\", \"" + escaped + "\"]}");
            assertError(r, 400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("article 1", "lone surrogate");
        }
        assertError(recognize("{\"articles\": [], \"model\": \"\\udbff\"}"), 400);
        // an escaped pair is one character, and fine
        HttpResponse<String> pair = recognize("{\"articles\": [\"\\ud83d\\ude00招商银行股价上涨。\"]}");
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(200);
    }

    @Test
    void invalidUtf8IsA400EvenWhereJacksonWouldDecodeIt() throws Exception {
        byte[][] bad = {
                {(byte) 0xc0, (byte) 0xaf},                           // overlong '/'
                {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},              // overlong '/' in three bytes
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000, above U+10FFFF
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80},              // an encoded surrogate (CESU-8)
                {(byte) 0xe6, (byte) 0x8b},                           // truncated
        };
        for (byte[] b : bad) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write("{\"articles\": [\"招商".getBytes(StandardCharsets.UTF_8));
            body.write(b);
            body.write("\"]}".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = post(base + "/v1/recognize", body.toByteArray());
            assertError(r, 400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("not valid UTF-8", "byte 21");
        }
        // UTF-16 is not guessed from the first bytes: the API speaks UTF-8 only
        assertError(post(base + "/v1/recognize", articles("招商银行").getBytes(StandardCharsets.UTF_16LE)), 400);
        // a byte order mark is still tolerated
        byte[] bom = ("\uFEFF" + articles("招商银行")).getBytes(StandardCharsets.UTF_8);
        assertThat(post(base + "/v1/recognize", bom).statusCode()).isEqualTo(200);
    }

    @Test
    void slowClientsTricklingBodiesNeitherHoldSlotsNorOutlastTheBodyTimeout() throws Exception {
        RecognitionServer s = new RecognitionServer(Map.of("default", MODEL),
                ServerConfig.defaults(0).withBodyTimeout(Duration.ofSeconds(2)));
        List<java.net.Socket> slow = new ArrayList<>();
        var trickle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            int port = s.start();
            for (int i = 0; i < ServerConfig.DEFAULT_MAX_QUEUE; i++) {
                java.net.Socket k = new java.net.Socket("127.0.0.1", port);
                k.setSoTimeout(10_000);
                k.getOutputStream().write(("POST /v1/recognize HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(k);
            }
            long t0 = System.nanoTime();
            // one byte per client every 400 ms: never idle long enough for an idle timeout, so only a total bound stops them
            trickle.scheduleAtFixedRate(() -> {
                for (java.net.Socket k : slow) {
                    try {
                        k.getOutputStream().write(' ');
                    } catch (java.io.IOException closedByTheServer) {
                        // expected once the body timeout has passed
                    }
                }
            }, 400, 400, java.util.concurrent.TimeUnit.MILLISECONDS);
            Thread.sleep(300);
            HttpResponse<String> real = post("http://127.0.0.1:" + port + "/v1/recognize",
                    articles("受消息影响，招商银行股价上涨。").getBytes(StandardCharsets.UTF_8));
            assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
            assertThat(real.body()).contains("招商银行");
            for (java.net.Socket k : slow) {
                String reply = readUntilClosed(k);
                assertThat(reply.isEmpty() || reply.startsWith("HTTP/1.1 408")).as(reply).isTrue();
                if (!reply.isEmpty()) {
                    assertThat(reply).contains("{\"error\":\"request body not received within 2 s\"}");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).as("every slow client cut off near the 2 s body timeout").isLessThan(6.0);
        } finally {
            trickle.shutdownNow();
            for (java.net.Socket k : slow) {
                k.close();
            }
            s.stop();
        }
    }

    /** What the server sends on {@code k} until it closes the connection (empty when it just closed or reset it). */
    private static String readUntilClosed(java.net.Socket k) throws Exception {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = k.getInputStream().read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after (or instead of) the reply is a closed connection too
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demoPageIsServedWithoutATokenAndSendsOneAsBearer() throws Exception {
        HttpResponse<String> page = get(securedBase + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<input id=\"token\" type=\"password\"", "sessionStorage",
                "h['Authorization'] = 'Bearer ' + token", "headers: apiHeaders(");
        assertThat(get(securedBase + "/v1/models", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertError(get(securedBase + "/v1/models"), 401);
    }

    @Test
    void escapesLoneSurrogatesOnly() {
        assertThat(RecognitionServer.escapeLoneSurrogates("a😀b")).isEqualTo("a😀b");
        assertThat(RecognitionServer.escapeLoneSurrogates("a\ud800b\udc00")).isEqualTo("a\\ud800b\\udc00");
        assertThat(RecognitionServer.escapeLoneSurrogates("\ud83d")).isEqualTo("\\ud83d");
    }

    @Test
    void brokenModelIs500WithGenericMessage() throws Exception {
        java.util.Map<String, Path> m = new java.util.LinkedHashMap<>();
        m.put("default", MODEL);
        m.put("broken", Path.of("target/no-such-model"));
        RecognitionServer s = new RecognitionServer(m, ServerConfig.defaults(0));
        try {
            String url = "http://127.0.0.1:" + s.start();
            HttpResponse<String> r = post(url + "/v1/recognize",
                    "{\"articles\": [\"招商银行\"], \"model\": \"broken\"}".getBytes(StandardCharsets.UTF_8));
            assertError(r, 500);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("internal error");
            assertError(get(url + "/v1/models"), 500);
            assertThat(get(url + "/health").statusCode()).isEqualTo(200);
        } finally {
            s.stop();
        }
    }

    @Test
    void defaultConfig() {
        ServerConfig c = ServerConfig.defaults(0);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.maxArticles()).isEqualTo(1000);
        assertThat(c.maxCharsPerArticle()).isEqualTo(100_000);
        assertThat(c.maxCharsPerRequest()).isEqualTo(1_000_000);
        assertThat(c.maxQueue()).isEqualTo(64);
        assertThat(c.bearerToken()).isNull();
        assertThat(c.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBlankBearerTokenIsAnErrorNotNoAuthentication() {
        for (String blank : List.of("", " ", "\n\t")) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> ServerConfig.defaults(0).withBearerToken(blank))
                    .withMessageContaining("empty");
        }
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerConfig.defaults(0).withBearerToken("two\nlines"));
    }

    @Test
    void fuzzNeverAnswers5xx() throws Exception {
        Random rnd = new Random(7);
        String[] fragments = {"{", "}", "[", "]", "\"articles\"", "\"model\"", ":", ",", "null", "true", "1e999",
                "\"\\ud800\"", "\"\\u0000\"", "\"招商银行\"", "-0", "\"\\", "{\"articles\":", "[[]]", "\"😀\""};
        int requests = Integer.getInteger("fuzz.requests", 300); // -Dfuzz.requests=10000 for the long run
        for (int i = 0; i < requests; i++) {
            byte[] body;
            switch (i % 8) {
                case 0 -> {
                    body = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(body);
                }
                case 1 -> {
                    StringBuilder sb = new StringBuilder();
                    for (int k = rnd.nextInt(20); k > 0; k--) {
                        sb.append(fragments[rnd.nextInt(fragments.length)]);
                    }
                    body = sb.toString().getBytes(StandardCharsets.UTF_8);
                }
                case 2 -> body = articles(randomText(rnd, rnd.nextInt(40))).getBytes(StandardCharsets.UTF_8);
                case 3 -> {
                    // raw (unescaped) random chars inside a JSON string, lone surrogates as escapes
                    StringBuilder sb = new StringBuilder("{\"articles\": [\"");
                    for (int k = rnd.nextInt(50); k > 0; k--) {
                        int c = rnd.nextInt(0x3000);
                        sb.append(c >= 0xd800 && c < 0xe000 ? String.format("\\u%04x", c) : String.valueOf((char) c));
                    }
                    body = sb.append("\"]}").toString().getBytes(StandardCharsets.UTF_8);
                }
                case 4 -> body = JSON.writeValueAsBytes(Map.of("articles", List.of(1, "a", Map.of()), "model", List.of()));
                case 5 -> body = articles("", "", randomText(rnd, 3)).getBytes(StandardCharsets.UTF_8);
                case 6 -> body = (i % 48 == 6 ? articles(randomText(rnd, 1990)) : articles(randomText(rnd, 2000 + rnd.nextInt(50))))
                        .getBytes(StandardCharsets.UTF_8);
                default -> body = JSON.writeValueAsBytes(Map.of("articles", List.of(randomText(rnd, 5)),
                        "model", rnd.nextBoolean() ? "default" : randomText(rnd, 4)));
            }
            HttpResponse<String> r = post(base + "/v1/recognize", body);
            assertThat(r.statusCode()).as("case %d: %s", i, r.body()).isLessThan(500);
            JsonNode parsed = JSON.readTree(r.body());
            assertThat(parsed.isObject()).isTrue();
        }
        HttpResponse<String> ok = recognize(articles("受消息影响，招商银行股价上涨。"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("招商银行");
    }

    private static String randomText(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(6)) {
                case 0 -> sb.append((char) (0xd800 + rnd.nextInt(0x800)));
                case 1 -> sb.append((char) rnd.nextInt(32));
                case 2 -> sb.appendCodePoint(0x1f600 + rnd.nextInt(50));
                default -> sb.append((char) (0x4e00 + rnd.nextInt(0x5000)));
            }
        }
        return sb.toString();
    }
}
