package dev.clientele.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small HTTP client for tests against {@code http://127.0.0.1:<port>}, optionally with an API key. */
public final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;
    private final String key;

    public TestHttp(int port, String key) {
        this.port = port;
        this.key = key;
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
        return new TestHttp(port, newKey);
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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
