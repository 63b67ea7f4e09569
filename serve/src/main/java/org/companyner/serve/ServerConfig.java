package org.companyner.serve;

import java.time.Duration;

/**
 * Settings of a {@link RecognitionServer}.
 *
 * @param host               address to bind (default 127.0.0.1: local only)
 * @param port               port to bind, 0 = an ephemeral port ({@link RecognitionServer#start()} returns it)
 * @param maxArticles        most articles in one request (413 above)
 * @param maxCharsPerArticle most code points in one article (413 above)
 * @param maxCharsPerRequest most code points over all articles of one request (413 above)
 * @param maxQueue           most recognition requests admitted at once, counted after their bodies have
 *                           arrived (503 with {@code Retry-After: 1} above)
 * @param bearerToken        when non-null, every {@code /v1/*} request needs {@code Authorization: Bearer <token>}
 *                           (401 otherwise); a blank token is an error, never "no authentication"
 * @param threads            ONNX Runtime intra-op threads per model
 * @param bodyTimeout        longest time a client may take to send a whole request body (408 above)
 * @param drainTimeout       on {@link RecognitionServer#shutdown()}, how long requests in flight may still run
 */
public record ServerConfig(String host, int port, int maxArticles, int maxCharsPerArticle, int maxCharsPerRequest,
                           int maxQueue, String bearerToken, int threads, Duration bodyTimeout, Duration drainTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_ARTICLES = 1000;
    public static final int DEFAULT_MAX_CHARS_PER_ARTICLE = 100_000;
    public static final int DEFAULT_MAX_CHARS_PER_REQUEST = 1_000_000;
    public static final int DEFAULT_MAX_QUEUE = 64;
    /** A 12 MB body (the largest allowed) takes ~1 s at 100 Mbit/s; 10 s leaves room for slow links, not for trickling. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for the largest request on two cores (1M characters at ~90k/s), short of a supervisor's kill. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public ServerConfig {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxArticles <= 0 || maxCharsPerArticle <= 0 || maxCharsPerRequest <= 0 || maxQueue <= 0 || threads <= 0) {
            throw new IllegalArgumentException("limits and threads must be positive");
        }
        if (bearerToken != null && !isToken(bearerToken)) {
            throw new IllegalArgumentException(bearerToken.isBlank() ? "the bearer token is empty"
                    : "the bearer token must be one line of visible ASCII characters (no spaces)");
        }
        if (bodyTimeout == null || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("the body timeout must be positive: " + bodyTimeout);
        }
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("the drain timeout must be zero or positive: " + drainTimeout);
        }
    }

    /** Visible ASCII only: anything else cannot be compared reliably with an HTTP header value. */
    static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** Defaults on {@code port}: 127.0.0.1, 1000 articles, 100 000 chars/article, 1 000 000 chars/request, 64 in flight,
     *  no token, 1 thread, 10 s to send a body, 30 s to drain. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(DEFAULT_HOST, port, DEFAULT_MAX_ARTICLES, DEFAULT_MAX_CHARS_PER_ARTICLE,
                DEFAULT_MAX_CHARS_PER_REQUEST, DEFAULT_MAX_QUEUE, null, 1, DEFAULT_BODY_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, threads,
                bodyTimeout, drainTimeout);
    }

    public ServerConfig withLimits(int articles, int charsPerArticle, int charsPerRequest) {
        return new ServerConfig(host, port, articles, charsPerArticle, charsPerRequest, maxQueue, bearerToken, threads,
                bodyTimeout, drainTimeout);
    }

    public ServerConfig withMaxQueue(int q) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, q, bearerToken, threads,
                bodyTimeout, drainTimeout);
    }

    public ServerConfig withBearerToken(String token) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, token, threads,
                bodyTimeout, drainTimeout);
    }

    public ServerConfig withThreads(int t) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, t,
                bodyTimeout, drainTimeout);
    }

    public ServerConfig withBodyTimeout(Duration d) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, threads,
                d, drainTimeout);
    }

    public ServerConfig withDrainTimeout(Duration d) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, threads,
                bodyTimeout, d);
    }

    /** Largest request body accepted: a code point takes at most 12 bytes as JSON ({@code \}{@code uXXXX} pair), plus room for syntax. */
    long maxBodyBytes() {
        return Math.min(Integer.MAX_VALUE - 64L, (long) maxCharsPerRequest * 12L + 8L * maxArticles + 65_536L);
    }
}
