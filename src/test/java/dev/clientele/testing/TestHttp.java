package dev.clientele.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests against {@code http://127.0.0.1:<port>}, optionally with an API key. */
public final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Liveness guard, not an assertion: a request never waits forever for a server that went away. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final String key;
    private final Duration timeout;

    public TestHttp(int port, String key) {
        this(port, key, DEFAULT_TIMEOUT);
    }

    private TestHttp(int port, String key, Duration timeout) {
        this.port = port;
        this.key = key;
        this.timeout = timeout;
    }

    /** The same client with another request timeout (a timed-out request throws UncheckedIOException). */
    public TestHttp withTimeout(Duration newTimeout) {
        return new TestHttp(port, key, newTimeout);
    }

    /** As the test admin ({@link TestKeys#ADMIN}). */
    public static TestHttp admin(int port) {
        return new TestHttp(port, TestKeys.ADMIN);
    }

    /** Without a key. */
    public static TestHttp anonymous(int port) {
        return new TestHttp(port, null);
    }

    public TestHttp withKey(String newKey) {
        return new TestHttp(port, newKey, timeout);
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
