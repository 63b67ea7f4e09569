package org.companyner.serve;

/**
 * Settings of a {@link RecognitionServer}.
 *
 * @param host               address to bind (default 127.0.0.1: local only)
 * @param port               port to bind, 0 = an ephemeral port ({@link RecognitionServer#start()} returns it)
 * @param maxArticles        most articles in one request (413 above)
 * @param maxCharsPerArticle most code points in one article (413 above)
 * @param maxCharsPerRequest most code points over all articles of one request (413 above)
 * @param maxQueue           most recognition requests in flight at once (503 with {@code Retry-After: 1} above)
 * @param bearerToken        when non-null, every {@code /v1/*} request needs {@code Authorization: Bearer <token>} (401 otherwise)
 * @param threads            ONNX Runtime intra-op threads per model
 */
public record ServerConfig(String host, int port, int maxArticles, int maxCharsPerArticle, int maxCharsPerRequest,
                           int maxQueue, String bearerToken, int threads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_ARTICLES = 1000;
    public static final int DEFAULT_MAX_CHARS_PER_ARTICLE = 100_000;
    public static final int DEFAULT_MAX_CHARS_PER_REQUEST = 1_000_000;
    public static final int DEFAULT_MAX_QUEUE = 64;

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
        if (bearerToken != null && bearerToken.isBlank()) {
            bearerToken = null;
        }
    }

    /** Defaults on {@code port}: 127.0.0.1, 1000 articles, 100 000 chars/article, 1 000 000 chars/request, 64 in flight, no token, 1 thread. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(DEFAULT_HOST, port, DEFAULT_MAX_ARTICLES, DEFAULT_MAX_CHARS_PER_ARTICLE,
                DEFAULT_MAX_CHARS_PER_REQUEST, DEFAULT_MAX_QUEUE, null, 1);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, threads);
    }

    public ServerConfig withLimits(int articles, int charsPerArticle, int charsPerRequest) {
        return new ServerConfig(host, port, articles, charsPerArticle, charsPerRequest, maxQueue, bearerToken, threads);
    }

    public ServerConfig withMaxQueue(int q) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, q, bearerToken, threads);
    }

    public ServerConfig withBearerToken(String token) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, token, threads);
    }

    public ServerConfig withThreads(int t) {
        return new ServerConfig(host, port, maxArticles, maxCharsPerArticle, maxCharsPerRequest, maxQueue, bearerToken, t);
    }

    /** Largest request body accepted: a code point takes at most 12 bytes as JSON ({@code \}{@code uXXXX} pair), plus room for syntax. */
    long maxBodyBytes() {
        return Math.min(Integer.MAX_VALUE - 64L, (long) maxCharsPerRequest * 12L + 8L * maxArticles + 65_536L);
    }
}
